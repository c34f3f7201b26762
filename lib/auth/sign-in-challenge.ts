// Between the password and the second factor there is no session, only this short-lived signed
// note "user X passed the password check until T", handed to the browser for the code step.
import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionSecret } from "./secret";

const TTL_MS = 5 * 60_000;

const mac = (payload: string) =>
  createHmac("sha256", sessionSecret()).update(`2fa-challenge:${payload}`).digest("base64url");

/** A challenge for a user who passed the password step. */
export const issueChallenge = (userId: string, nowMs = Date.now()): string => {
  const payload = `${userId}.${nowMs + TTL_MS}`;
  return `${payload}.${mac(payload)}`;
};

/** The user id in a valid, unexpired challenge, or null. */
export const readChallenge = (challenge: string, nowMs = Date.now()): string | null => {
  const parts = challenge.split(".");
  if (parts.length !== 3) return null;
  const [userId, expires, given] = parts as [string, string, string];
  const expected = Buffer.from(mac(`${userId}.${expires}`));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  return Number(expires) > nowMs ? userId : null;
};
