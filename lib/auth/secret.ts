// JWT_SECRET signs session cookies. Outside development a missing or weak one stops the boot.
import { randomBytes } from "node:crypto";
import { globalSingleton } from "@/lib/global-singleton";

const KNOWN_WEAK = new Set(["your-secure-jwt-secret-here", "changeme", "secret", "jwt-secret", "password"]);
export const GENERATE_HINT = "Generate one with: openssl rand -base64 48  (then export JWT_SECRET=…)";

/** Why a JWT_SECRET is unfit for signing sessions, or null when it is fine. */
export const secretProblem = (secret: string | undefined): string | null => {
  if (!secret) return `JWT_SECRET is not set. ${GENERATE_HINT}`;
  if (secret.length < 32)
    return `JWT_SECRET is too short (${secret.length} characters, need 32+). ${GENERATE_HINT}`;
  if (KNOWN_WEAK.has(secret) || new Set(secret).size < 8)
    return `JWT_SECRET is a placeholder or too repetitive. ${GENERATE_HINT}`;
  return null;
};

/** The signing key: JWT_SECRET, or in development a random one per process (sessions end on restart). */
export const sessionSecret = (): string =>
  globalSingleton("session-secret", () => {
    const secret = process.env.JWT_SECRET;
    const problem = secretProblem(secret);
    if (!problem && secret) return secret;
    if (process.env.NODE_ENV === "production") throw new Error(problem ?? "JWT_SECRET is invalid");
    console.warn(`[auth] ${problem} Using a random development secret.`);
    return randomBytes(48).toString("base64url");
  });
