// Passwords are hashed with scrypt (memory-hard: N=2^15, r=8 → 32 MiB per hash) and a random salt.
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 2 ** 20;

const derive = (password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );

/** A self-describing hash: `scrypt$N$r$p$salt$key` (base64url). */
export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return ["scrypt", N, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
};

/** Constant-time check of a password against a stored hash; false for malformed hashes. */
export const verifyPassword = async ({
  password,
  hash,
}: {
  password: string;
  hash: string;
}): Promise<boolean> => {
  const [scheme, n, r, p, salt, key] = hash.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};

let commonPasswords: Set<string> | null = null;
/** The shipped list (lib/auth/common-passwords.txt), read once. */
const common = (): Set<string> =>
  (commonPasswords ??= new Set(
    readFileSync(path.join(process.cwd(), "lib", "auth", "common-passwords.txt"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#")),
  ));

/** Why a new password is not acceptable, or null when it is. */
export const passwordProblem = ({
  password,
  username,
}: {
  password: string;
  username: string;
}): string | null => {
  if (password.length < 10) return "The password needs at least 10 characters.";
  const lower = password.toLowerCase();
  const name = username.toLowerCase();
  if (name.length >= 3 && lower.includes(name)) return "The password must not contain the username.";
  // "Password2024!" is "password" with a suffix: the list is checked with and without it.
  const stem = lower.replace(/[\d\W_]+$/u, "");
  if (common().has(lower) || (stem && common().has(stem)))
    return "This password is one of the most common ones; choose another (a few unrelated words work well).";
  return null;
};
