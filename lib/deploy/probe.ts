// How a started service's readiness is probed, by mode:
// - exec: its own health command exec'd inside the container every probeIntervalMs (exact, costly:
//   every exec is a dockerd + containerd + shim round trip and a process in the container);
// - docker: no probe of ours; ready when Docker's own health status says healthy (its interval);
// - auto: when the health command is a plain curl / wget / pg_isready / redis-cli ping of a local
//   port (lib/compose/host-check.ts), the same check from the panel host to the container's address
//   every probeIntervalMs, with the exec probe every EXEC_FALLBACK_MS as a safety net while the
//   port does not answer from outside at all (a service listening on the container's loopback
//   only); any other command is exec'd as in exec mode.
import type Docker from "dockerode";
import { hostCheckOf } from "@/lib/compose/host-check";
import type { Service } from "@/lib/compose/types";
import { execHealthTest } from "@/lib/docker/exec";
import { runHostCheck } from "./host-probes";
import type { ProbeKind, ProbeMode } from "@/lib/run-vocabulary";

export { PROBE_MODES, type ProbeMode } from "@/lib/run-vocabulary";
/**
 * The default, decided by the bench's probe-cost measurement (bench/reports/probe-cost.md, 3
 * repetitions on a shared 2-core host): exec every 250 ms reached ready in 14.4 s (13.9–16.3), auto
 * in 14.6 s (14.3–18.4) — probing does not measurably slow the deploy it measures, so the exact
 * in-container check stays the default; auto saves about a fifth of the containers' CPU.
 */
export const DEFAULT_PROBE_MODE: ProbeMode = "exec";
/** In auto mode, how often the exec probe still runs beside the host check. */
export const EXEC_FALLBACK_MS = 2_000;

export type ProbeOutcome = { ok: boolean; output: string; kind: ProbeKind };

export type ServiceProbe = {
  /** The kind this service is probed with first (stored with the run when nothing else decided). */
  kind: ProbeKind;
  /** One probe now; `info` is the inspect the readiness loop just made. */
  probe: (options: {
    info: Docker.ContainerInspectInfo;
    nowMs: number;
    timeoutMs: number;
  }) => Promise<ProbeOutcome>;
};

const addressOf = (info: Docker.ContainerInspectInfo): string | null =>
  Object.values(info.NetworkSettings?.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress ?? null;

/** The probe of a service with a health check under a mode. */
export const serviceProbe = ({
  service,
  containerId,
  mode,
}: {
  service: Service & { healthcheck: NonNullable<Service["healthcheck"]> };
  containerId: string;
  mode: ProbeMode;
}): ServiceProbe => {
  const exec = async (timeoutMs: number): Promise<ProbeOutcome> => {
    const result = await execHealthTest({ id: containerId, test: service.healthcheck.test, timeoutMs }).catch(
      (error: unknown) => ({ kind: "error" as const, output: String(error), durationMs: 0 }),
    );
    return {
      ok: result.kind === "exited" && result.exitCode === 0,
      output:
        result.kind === "timed_out"
          ? `timed out after ${service.healthcheck.timeoutMs} ms: ${result.output.trim()}`
          : result.output.trim(),
      kind: "exec",
    };
  };
  // A check without a test runs the image's own command: only Docker knows it (and without one in
  // the image there is no health state: running is ready, as for a service without a check).
  if (mode === "docker" || service.healthcheck.test.length === 0)
    return {
      kind: "docker",
      probe: async ({ info }) => ({
        ok: info.State.Health ? info.State.Health.Status === "healthy" : info.State.Running,
        output: info.State.Health?.Log?.at(-1)?.Output.trim() ?? "",
        kind: "docker",
      }),
    };
  const check = mode === "auto" ? hostCheckOf(service.healthcheck.test) : null;
  if (!check) return { kind: "exec", probe: ({ timeoutMs }) => exec(timeoutMs) };
  // The exec fallback first runs EXEC_FALLBACK_MS after the first host check, not at once: a port
  // that is not listening yet is the normal start, not a reason to exec.
  let lastExecMs: number | null = null;
  return {
    kind: check.kind,
    probe: async ({ info, nowMs, timeoutMs }) => {
      const address = addressOf(info);
      lastExecMs ??= address ? nowMs : -Infinity;
      if (address) {
        const result = await runHostCheck({ check, address, timeoutMs: Math.min(timeoutMs, 1_000) });
        // An answer from the service (even "not ready yet") makes the host check authoritative.
        if (result.ok || result.reached || nowMs - (lastExecMs ?? 0) < EXEC_FALLBACK_MS)
          return { ok: result.ok, output: result.output, kind: check.kind };
      }
      lastExecMs = nowMs;
      return exec(timeoutMs);
    },
  };
};
