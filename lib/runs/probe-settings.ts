// The readiness probe a run was deployed with: the choices the deploy form offers (with what each
// costs, as the bench measured it on a quiet host: bench/reports/quiet.md) and the probe read back from a stored run's
// settings. Pure, and safe in the browser bundle (type-only imports).
import { z } from "zod";
import { PROBE_MODES, type ProbeMode } from "@/lib/run-vocabulary";

/** The panel's default probe interval, ms (lib/deploy/orchestrator.ts). */
export const DEFAULT_PROBE_INTERVAL_MS = 250;

/** Each mode, in the words of the deploy form: what it does and what it costs. */
export const PROBE_MODE_CHOICES: Record<ProbeMode, { label: string; cost: string }> = {
  exec: {
    label: "exec: the service's own health command inside its container",
    cost: "exact; every probe is an exec through dockerd, containerd and a shim: the most engine CPU (2.6 s per optimized deploy in the bench)",
  },
  auto: {
    label: "auto: the same check from the panel host where the command allows it",
    cost: "HTTP, pg_isready and redis ping reach the container's address from here, other commands are exec'd: as fast to ready as exec (9.8 s against 9.8 s), less engine CPU (1.1 s against 2.6 s)",
  },
  docker: {
    label: "docker: Docker's own health status only",
    cost: "no probe of ours, no exec: ready waits for Docker's next health check (every 10–15 s here), about three times the time to ready (27.8 s)",
  },
};

const ZStoredProbe = z.object({
  probeMode: z.enum(PROBE_MODES).optional(),
  probeIntervalMs: z.number().optional(),
});

export type RunProbe = { mode: ProbeMode; intervalMs: number | null };

/** The probe a run recorded in its settings, or null (not a deploy, or recorded before probe modes). */
export const runProbe = (settings: Record<string, unknown>): RunProbe | null => {
  const parsed = ZStoredProbe.safeParse(settings);
  if (!parsed.success || !parsed.data.probeMode) return null;
  return { mode: parsed.data.probeMode, intervalMs: parsed.data.probeIntervalMs ?? null };
};
