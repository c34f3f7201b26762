import { fileURLToPath } from "node:url";
import { loadTopology, type LoadTopologyOptions } from "./load-topology";

/** Secrets the shipped topologies require, for tests only. */
export const TEST_SECRETS = {
  JWT_SECRET: "test-jwt",
  MINIO_ROOT_USER: "minio-admin",
  MINIO_ROOT_PASSWORD: "minio-password",
  DB_PASSWORD: "db-password",
  GRAFANA_PASSWORD: "grafana-password",
} as const;

/** Absolute paths of the two shipped compose files. */
export const SHIPPED = {
  original: fileURLToPath(new URL("../../topologies/original/docker-compose-training.yml", import.meta.url)),
  optimized: fileURLToPath(
    new URL("../../topologies/optimized/docker-compose-topology-optimized.yml", import.meta.url),
  ),
} as const;

/** Absolute path of a file in fixtures/bad. */
export const badFixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/bad/${name}`, import.meta.url));

/** A compose text as if at `file`, its other files read through the confined reader (no .env, no mounted files). */
export const loadText = (
  options: Omit<LoadTopologyOptions, "text" | "folderEnv" | "mountedReferences"> & { text: string },
) => loadTopology({ ...options, folderEnv: false, mountedReferences: false });
