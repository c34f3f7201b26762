/** The accounts every e2e run seeds (e2e/seed.ts) and signs in with (API sign-in, as documenso does). */
export const E2E_PASSWORD = "e2e-password-0123";
export const E2E_USERS = {
  admin: "e2e-admin",
  operator: "e2e-operator",
  viewer: "e2e-viewer",
} as const;
export type E2eRole = keyof typeof E2E_USERS;
/** An account only the throttling test uses: it ends the run locked out. */
export const E2E_THROTTLED_USER = "e2e-throttled";
