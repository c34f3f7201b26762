// "Require 2FA for admins" is read on every request, so it is cached for a few seconds and
// dropped at once when an admin changes it (this process holds the only writer).
import { readSettings } from "@/lib/db/settings";
import { globalSingleton } from "@/lib/global-singleton";

const TTL_MS = 5_000;
type Cache = { value: boolean; readAtMs: number } | null;
const holder = () => globalSingleton("settings-cache", () => ({ cache: null as Cache }));

/** Whether admins must have 2FA to act as admins. */
export const adminTwoFactorRequired = async (): Promise<boolean> => {
  const { cache } = holder();
  if (cache && Date.now() - cache.readAtMs < TTL_MS) return cache.value;
  const value = (await readSettings()).requireAdminTwoFactor;
  holder().cache = { value, readAtMs: Date.now() };
  return value;
};

/** Forgets the cached setting (after an admin changed it). */
export const forgetTwoFactorPolicy = (): void => {
  holder().cache = null;
};
