// The deploy policy (lib/compose/policy.ts) judged with this panel's own paths; messages never
// carry a secret's value (its variable is named instead). Enforced by lib/operations/policy.ts.
import path from "node:path";
import { describeFindings, evaluatePolicy, type PanelPaths, type PolicyFinding } from "@/lib/compose/policy";
import type { Topology } from "@/lib/compose/types";
import { AppError } from "@/lib/errors";
import { createSecretNamer } from "@/lib/secrets/redact";
import { clusterSecretsFile } from "./cluster-env";

const DEFAULT_SOCKETS = ["/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock"];

/** The panel's own files and the Docker engine's sockets on this host. */
export const panelPaths = (): PanelPaths => {
  const url = process.env.DATABASE_URL ?? "";
  const database = url.startsWith("file:") ? [path.resolve(url.slice("file:".length))] : [];
  const dockerHost = process.env.DOCKER_HOST ?? "";
  const socket = dockerHost.startsWith("unix://")
    ? [dockerHost.slice("unix://".length)]
    : dockerHost.startsWith("/")
      ? [dockerHost]
      : [];
  return {
    root: path.resolve("."),
    others: [path.resolve("data"), clusterSecretsFile(), ...database],
    dockerSockets: [...DEFAULT_SOCKETS, ...socket],
  };
};

/** The policy's findings on a loaded topology, secret values replaced by their variables' names. */
export const policyFindings = ({
  topology,
  env,
}: {
  topology: Pick<Topology, "dir" | "hostReaching">;
  env: Record<string, string>;
}): PolicyFinding[] => {
  const name = createSecretNamer({ env });
  return evaluatePolicy({ topology, panel: panelPaths() }).map((finding) => ({
    ...finding,
    message: name(finding.message),
  }));
};

export { describeFindings };

/** Throws when findings remain; `intro` says what was refused. */
export const refusePolicy = (intro: string, findings: PolicyFinding[]): never => {
  throw new AppError("bad_request", `${intro}: ${describeFindings(findings)}`, { policy: findings });
};

/**
 * For a file added in the UI: refuses every finding for operators; an admin may add a file whose
 * findings an admin can approve (it still deploys only once approved), never one with a finding
 * that no approval lifts.
 */
export const assertAddAllowed = ({
  findings,
  admin,
}: {
  findings: PolicyFinding[];
  admin: boolean;
}): void => {
  const refused = admin ? findings.filter((f) => !f.approvable) : findings;
  if (refused.length > 0)
    refusePolicy(
      admin
        ? "The deploy policy refuses this file"
        : "The deploy policy refuses this file (an admin may add it and approve the approvable findings)",
      refused,
    );
};
