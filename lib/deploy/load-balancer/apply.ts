// Applying a generated upstream to the running load balancer: `nginx -t` inside its container
// before anything changes, then `nginx -s reload` — nginx starts workers with the new upstream and
// lets the old ones finish the requests they hold — and a wait until every old worker has exited,
// so a node taken out receives nothing more once this resolves.
import { execCommand } from "@/lib/docker/exec";
import { AppError } from "@/lib/errors";
import { restoreUpstream, writeUpstream, type LoadBalancerBinding } from "./binding";
import type { UpstreamNode } from "./upstream-config";

/** PIDs of nginx worker processes (the bracket keeps the shell's own command line from matching). */
const WORKER_PIDS =
  "for p in /proc/[0-9]*; do grep -qs 'worker proces[s]' $p/cmdline && echo ${p#/proc/}; done; true";

/** How long one exec in the load balancer (nginx -t, reload) may take. */
export const EXEC_TIMEOUT_MS = 10_000;
/** How long a reload waits, by default, for nginx's old workers to finish their requests. */
export const DRAIN_TIMEOUT_MS = 60_000;

/** The container's nginx worker PIDs. */
export const nginxWorkerPids = async ({ id }: { id: string }): Promise<string[]> => {
  const result = await execCommand({ id, command: ["sh", "-c", WORKER_PIDS], timeoutMs: EXEC_TIMEOUT_MS });
  return result.output.split(/\s+/).filter((pid) => /^\d+$/.test(pid));
};

/** Runs `nginx -t`; answers null when the configuration is valid, else nginx's own words. */
export const nginxTest = async ({ id }: { id: string }): Promise<string | null> => {
  const result = await execCommand({ id, command: ["nginx", "-t"], timeoutMs: EXEC_TIMEOUT_MS });
  return result.kind === "exited" && result.exitCode === 0
    ? null
    : result.output.trim() || "nginx -t timed out";
};

export type ApplyUpstreamOptions = {
  binding: LoadBalancerBinding;
  /** The load balancer's container. */
  id: string;
  nodes: UpstreamNode[];
  /** How long the old workers get to finish their requests (ms). */
  drainTimeoutMs?: number;
  log?: (line: string) => void;
};

export type AppliedUpstream = {
  text: string;
  /** ms from the reload until the last old worker exited. */
  drainMs: number;
  /** False when old workers still held requests after drainTimeoutMs. */
  drained: boolean;
};

/** Writes, checks, reloads and waits for the old workers; on a refused check the old upstream stays. */
export const applyUpstream = async ({
  binding,
  id,
  nodes,
  drainTimeoutMs = DRAIN_TIMEOUT_MS,
  log = () => undefined,
}: ApplyUpstreamOptions): Promise<AppliedUpstream> => {
  const before = await nginxWorkerPids({ id });
  const { text, previous } = writeUpstream({ binding, nodes });
  const refused = await nginxTest({ id });
  if (refused !== null) {
    if (previous !== null) restoreUpstream(binding, previous);
    throw new AppError("conflict", `nginx -t refused the new upstream (kept the previous one): ${refused}`);
  }
  log(`nginx -t accepted the upstream (${nodes.map((n) => `${n.service} weight ${n.weight}`).join(", ")})`);
  const reload = await execCommand({ id, command: ["nginx", "-s", "reload"], timeoutMs: EXEC_TIMEOUT_MS });
  if (reload.kind !== "exited" || reload.exitCode !== 0) {
    if (previous !== null) restoreUpstream(binding, previous);
    throw new AppError("conflict", `nginx -s reload failed: ${reload.output.trim()}`);
  }
  const began = performance.now();
  for (;;) {
    const now = new Set(await nginxWorkerPids({ id }));
    const remaining = before.filter((pid) => now.has(pid));
    const drainMs = Math.round(performance.now() - began);
    if (remaining.length === 0) {
      log(`load balancer reloaded; its old workers finished their requests in ${drainMs} ms`);
      return { text, drainMs, drained: true };
    }
    if (drainMs > drainTimeoutMs) {
      log(`${remaining.length} old nginx workers still hold requests after ${drainMs} ms; going on`);
      return { text, drainMs, drained: false };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
