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

/** The cluster's secrets in e2e runs: distinctive, so a leak anywhere can be searched for. */
export const E2E_CLUSTER_SECRETS = {
  JWT_SECRET: "e2e-cluster-jwt-9d4c2a6e",
  MINIO_ROOT_USER: "e2e-minio-user",
  MINIO_ROOT_PASSWORD: "e2e-minio-pw-5c1d9e7a",
  DB_PASSWORD: "e2e-db-pw-8b2f6c0d",
  GRAFANA_PASSWORD: "e2e-grafana-pw-3e7a4b1f",
} as const;
