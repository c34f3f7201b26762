// Encryption at rest for small secrets (TOTP seeds): AES-256-GCM under a key derived from
// JWT_SECRET with HKDF, so a copy of the database alone does not reveal them.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const keyFrom = (secret: string, purpose: string): Buffer =>
  Buffer.from(hkdfSync("sha256", secret, "ollamamax-secret-box", purpose, 32));

/** `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export const sealSecret = ({
  plain,
  secret,
  purpose,
}: {
  plain: string;
  secret: string;
  purpose: string;
}) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
};

/** The plain text, or null when the box was sealed under another key or altered. */
export const openSecret = ({
  sealed,
  secret,
  purpose,
}: {
  sealed: string;
  secret: string;
  purpose: string;
}) => {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFrom(secret, purpose), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    return null;
  }
};
