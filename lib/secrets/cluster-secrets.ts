// The cluster secrets the panel holds on disk: data/cluster.env (or PANEL_CLUSTER_ENV) and every
// topology folder's .env. Followed logs and events are redacted with them even when no run of the
// project is in this process's memory (after a restart), not only with a run's own variables.
import { readdirSync } from "node:fs";
import path from "node:path";
import { readDotEnv } from "../compose/dot-env";
import { isSecretName } from "./redact";

/** The cluster's secrets file: PANEL_CLUSTER_ENV, else data/cluster.env (read at each call). */
export const clusterSecretsFile = (): string =>
  path.resolve(process.env.PANEL_CLUSTER_ENV || path.join("data", "cluster.env"));

const TOPOLOGIES_ROOT = path.resolve("topologies");

const topologyEnvFiles = (): string[] => {
  try {
    return readdirSync(TOPOLOGIES_ROOT, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(TOPOLOGIES_ROOT, entry.name, ".env"));
  } catch {
    return [];
  }
};

/** Secret-named variables of the cluster secrets file and of every topology's .env. */
export const knownClusterSecrets = (): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const file of [...topologyEnvFiles(), clusterSecretsFile()]) {
    let values: Record<string, string>;
    try {
      values = readDotEnv({ file });
    } catch {
      continue; // an unreadable file holds nothing we could leak either
    }
    for (const [name, value] of Object.entries(values))
      if (isSecretName(name)) out[`${file}:${name}`] = value;
  }
  return out;
};
