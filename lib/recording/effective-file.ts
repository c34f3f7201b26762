// Keeps, for each deploy the operations layer starts, the topology it really deployed (secrets
// masked as ${VAR}) and stores it once the run's row exists: what /api/runs/[id]/effective and the
// measured critical path read.
import { storeEffectiveTopology } from "@/lib/db/effective-files";
import { getDeployBus } from "@/lib/deploy";
import type { Topology } from "@/lib/compose/types";
import type { ReadVariable } from "@/lib/compose/topology-files";
import { globalSingleton } from "@/lib/global-singleton";
import { maskSecrets } from "@/lib/secrets/mask";
import type { RunJournal } from "./run-journal";

type Pending = Map<string, { topology: Topology; masked: string[] }>;
const pending = (): Pending => globalSingleton("effective-file-pending", () => new Map());

/** Remembers what a run deploys (masked now: the clear values never wait in memory longer than needed). */
export const rememberDeployedTopology = ({
  runId,
  topology,
  env,
  read = [],
}: {
  runId: string;
  topology: Topology;
  env: Record<string, string | undefined>;
  /** Every value the topology's env files held: masked as `${NAME}` whatever the name. */
  read?: readonly ReadVariable[];
}): void => {
  const { value, masked } = maskSecrets({ value: topology, env, read });
  pending().set(runId, { topology: value, masked });
};

/** Subscribes once per process; stores each remembered topology once the journal stored the run. */
export const startEffectiveFileRecorder = ({ journal }: { journal: RunJournal }): void => {
  globalSingleton("effective-file-recorder", () => {
    getDeployBus().subscribe((event) => {
      if (event.type !== "run_finished") return;
      const remembered = pending().get(event.runId);
      if (!remembered) return;
      pending().delete(event.runId);
      void journal
        .done(event.runId)
        .then(() => storeEffectiveTopology({ runId: event.runId, ...remembered }))
        .catch((error: unknown) =>
          console.error(`could not store the effective file of run ${event.runId}:`, error),
        );
    });
    return true;
  });
};
