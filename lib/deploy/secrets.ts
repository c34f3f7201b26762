// Secrets checked before anything is created, so a run never fails half-way for a missing variable.
import type { Topology } from "@/lib/compose/types";
import { AppError } from "@/lib/errors";

/** The secrets the OllamaMax topologies need (the guide's prerequisites). */
export const REQUIRED_SECRETS = [
  "JWT_SECRET",
  "MINIO_ROOT_USER",
  "MINIO_ROOT_PASSWORD",
  "DB_PASSWORD",
  "GRAFANA_PASSWORD",
] as const;

export type CheckSecretsOptions = {
  topology: Pick<Topology, "requiredVariables">;
  env: Record<string, string | undefined>;
  /** Defaults to REQUIRED_SECRETS; the topology's own `${VAR:?}` variables are always added. */
  names?: readonly string[];
};

/** Names of required variables that are unset or empty. */
export const missingSecrets = ({
  topology,
  env,
  names = REQUIRED_SECRETS,
}: CheckSecretsOptions): string[] => {
  const wanted = [...new Set([...names, ...topology.requiredVariables.map((variable) => variable.name)])];
  return wanted.filter((name) => !env[name]);
};

/** Throws one bad_request naming every missing secret. */
export const assertSecrets = (options: CheckSecretsOptions): void => {
  const missing = missingSecrets(options);
  if (missing.length === 0) return;
  throw new AppError(
    "bad_request",
    `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set: add ${missing.length === 1 ? "it" : "them"} to the topology's .env (or data/cluster.env) and deploy again.`,
    { missing },
  );
};
