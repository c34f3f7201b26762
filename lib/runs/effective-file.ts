// A stored run's effective compose file: its deployed topology written back as compose YAML, with
// a header saying which run it is and how to reproduce it.
import { effectiveComposeFile } from "@/lib/compose/effective-file";
import type { StoredEffectiveTopology } from "@/lib/db/effective-files";

export type EffectiveRun = {
  id: string;
  topology: string;
  strategy: string;
  startedAt: Date;
  fitCpuScale: number | null;
  fitMemoryScale: number | null;
};

/** The YAML text of a run's effective file. */
export const runEffectiveFile = ({
  run,
  stored,
}: {
  run: EffectiveRun;
  stored: StoredEffectiveTopology;
}): string =>
  effectiveComposeFile({
    topology: stored.topology,
    masked: stored.masked,
    header: [
      `The compose file OllamaMax run ${run.id} really deployed (${run.topology} · ${run.strategy} · ${run.startedAt.toISOString()}):`,
      `interpolated, ${run.fitCpuScale === null ? "not fitted" : `fitted (CPU ×${run.fitCpuScale.toFixed(3)}, memory ×${run.fitMemoryScale?.toFixed(3)})`}, overrides applied.`,
      stored.masked.length > 0
        ? `Secrets are \${VAR} references: ${stored.masked.join(", ")} must be set in the env file.`
        : "It holds no secret references.",
      `Reproduce: docker-compose -p ${stored.topology.project} -f effective.yml --env-file <secrets.env> up -d`,
    ],
  });
