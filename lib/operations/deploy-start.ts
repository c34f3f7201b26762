// The start of a deploy, the same on either target (this engine, lib/operations/deploy.ts; a swarm,
// lib/operations/swarm.ts): the topology the request names, loaded or refused with the reason, and
// the audit record of the start. Its own module so deploy.ts (which hands swarm requests to swarm.ts)
// and swarm.ts import it, and not each other. Scale and the latency test load topologies the same way.
import type { Actor } from "@/lib/auth/principal";
import { listPanelTopologies, loadPanelTopology } from "@/lib/catalog/topologies";
import { recordAudit } from "@/lib/db/audit";
import { approvedFilesOf } from "@/lib/db/policy-approvals";
import { AppError } from "@/lib/errors";
import type { TDeployRequest } from "./deploy-settings";

/** The topology by name with the panel's environment: not_found when absent, bad_request naming each error. */
export const loadOrExplain = async ({
  name,
  overrides,
  profiles,
  files,
  text,
}: {
  name: string;
  overrides?: Record<string, string>;
  profiles?: string[];
  files?: string[];
  /** A compose text read as a file of the folder (a past run's effective file). */
  text?: string;
}) => {
  const entry = listPanelTopologies().find((t) => t.name === name);
  const loaded = entry
    ? await loadPanelTopology({
        entry,
        overrides,
        profiles,
        files,
        text,
        approvedFiles: await approvedFilesOf({ topology: name }),
      })
    : null;
  if (!loaded) throw new AppError("not_found", `No topology "${name}" under topologies/.`);
  if (!loaded.result.ok) {
    const lines = loaded.result.errors.map((e) => `line ${e.line ?? "?"}: ${e.message}`);
    throw new AppError("bad_request", `The topology cannot be deployed: ${lines.join("; ")}`, {
      errors: loaded.result.errors,
    });
  }
  return { topology: loaded.result.topology, env: loaded.env, readVariables: loaded.readVariables };
};

export type AuditDeployStartOptions = Actor & {
  request: TDeployRequest;
  runId: string;
  project: string;
  /** What the target adds to the record (swarm: `target`; this engine: fit scale and data state). */
  detail: Record<string, unknown>;
};

/** Audits a started deploy: who, where from, the run, and the request's strategy, topology and fit mode. */
export const auditDeployStart = ({
  principal,
  address,
  request,
  runId,
  project,
  detail,
}: AuditDeployStartOptions): Promise<void> =>
  recordAudit({
    actor: principal.username,
    action: "deploy.start",
    target: project,
    address,
    detail: {
      runId,
      strategy: request.strategy,
      topology: request.topology,
      fitMode: request.fit,
      ...detail,
    },
  });
