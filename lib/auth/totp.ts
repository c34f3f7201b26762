// TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30 s) through the `otpauth` package; seeds are sealed
// with JWT_SECRET before they are stored, and a code is accepted once (no replay in its window).
import { createHash, randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { globalSingleton } from "@/lib/global-singleton";
import { openSecret, sealSecret } from "./secret-box";
import { sessionSecret } from "./secret";

const PURPOSE = "totp-seed-v1";
const ISSUER = "OllamaMax panel";

const totpOf = ({ seed, username }: { seed: string; username: string }) =>
  new TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(seed),
  });

/** A new random seed (160 bits, base32) and its sealed form for the database. */
export const newTotpSeed = (): { seed: string; sealed: string } => {
  const seed = new Secret({ size: 20 }).base32;
  return { seed, sealed: sealSecret({ plain: seed, secret: sessionSecret(), purpose: PURPOSE }) };
};

/** The seed inside a sealed value (null when JWT_SECRET changed since it was sealed). */
export const openTotpSeed = (sealed: string): string | null =>
  openSecret({ sealed, secret: sessionSecret(), purpose: PURPOSE });

/** What an authenticator app needs: the otpauth:// URI and a QR code of it (SVG markup). */
export const enrolmentOf = async ({ seed, username }: { seed: string; username: string }) => {
  const uri = totpOf({ seed, username }).toString();
  return { uri, qrSvg: await QRCode.toString(uri, { type: "svg", margin: 1 }) };
};

const lastAccepted = () => globalSingleton("totp-last-accepted", () => new Map<string, number>());

/** Checks a 6-digit code (±1 step for clock drift); a code already accepted for this user is refused. */
export const acceptTotpCode = ({ seed, code, userId }: { seed: string; code: string; userId: string }) => {
  if (!/^\d{6}$/.test(code)) return false;
  const totp = totpOf({ seed, username: "" });
  const delta = totp.validate({ token: code, window: 1 });
  if (delta === null) return false;
  const step = Math.floor(Date.now() / 30_000) + delta;
  if ((lastAccepted().get(userId) ?? -1) >= step) return false;
  lastAccepted().set(userId, step);
  return true;
};

/** The code an authenticator shows now (tests and the RFC vectors). */
export const totpCodeNow = ({ seed, timestampMs = Date.now() }: { seed: string; timestampMs?: number }) =>
  totpOf({ seed, username: "" }).generate({ timestamp: timestampMs });

/** Ten one-time recovery codes, `xxxxx-xxxxx` (lowercase base32-ish), and their hashes. */
export const newRecoveryCodes = (): { codes: string[]; hashes: string[] } => {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const codes = Array.from({ length: 10 }, () => {
    const chars = [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  return { codes, hashes: codes.map(hashRecoveryCode) };
};

/** sha256 of a recovery code as typed (spaces and case ignored). */
export const hashRecoveryCode = (code: string): string =>
  createHash("sha256").update(code.trim().toLowerCase().replace(/\s+/g, "")).digest("hex");
