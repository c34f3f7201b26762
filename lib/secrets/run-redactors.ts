// Each run is redacted with the secrets it was actually given (data/cluster.env, the topology's
// .env and the run's overrides). Everything is also redacted with the panel's own secrets and every
// cluster secret on disk (cluster-secrets.ts), so nothing depends on a run being in memory.
import { globalSingleton } from "@/lib/global-singleton";
import { knownClusterSecrets } from "./cluster-secrets";
import { createRedactor, type Redactor } from "./redact";

/** How long the panel-wide redactor is reused before the secrets files are read again. */
const PANEL_REDACTOR_TTL_MS = 5_000;

type Registry = {
  byRun: Map<string, Redactor>;
  byProject: Map<string, Redactor>;
  panel: { redactor: Redactor; builtAtMs: number } | null;
};
const registry = (): Registry =>
  globalSingleton("run-redactors", () => ({ byRun: new Map(), byProject: new Map(), panel: null }));

/** Applies each redactor in turn. */
const chain = (redactors: Redactor[]): Redactor => ({
  text: (value) => redactors.reduce((out, redactor) => redactor.text(out), value),
  value: (value) => redactors.reduce((out, redactor) => redactor.value(out), value),
});

/** The panel's own secrets and every cluster secret on disk (rebuilt every few seconds). */
export const panelRedactor = (): Redactor => {
  const store = registry();
  const now = Date.now();
  if (!store.panel || now - store.panel.builtAtMs > PANEL_REDACTOR_TTL_MS)
    store.panel = {
      redactor: createRedactor({ env: { ...process.env, ...knownClusterSecrets() } }),
      builtAtMs: now,
    };
  return store.panel.redactor;
};

/** Forgets every remembered run (what a restart of the panel does); for tests. */
export const forgetRunRedactors = (): void => {
  const store = registry();
  store.byRun.clear();
  store.byProject.clear();
  store.panel = null;
};

/** Remembers the redactor for a run and its project (kept for the process's life: runs are few). */
export const registerRunRedactor = ({
  runId,
  project,
  env,
  values,
}: {
  runId: string;
  project: string;
  env: Record<string, string | undefined>;
  /** Every value the topology's env files held (redacted whatever its variable is called). */
  values?: readonly string[];
}): Redactor => {
  const redactor = createRedactor({ env, values });
  registry().byRun.set(runId, redactor);
  registry().byProject.set(project, redactor);
  return redactor;
};

/** The run's redactor and the panel-wide one. */
export const redactorFor = (runId: string | null): Redactor => {
  const known = runId ? registry().byRun.get(runId) : undefined;
  return known ? chain([known, panelRedactor()]) : panelRedactor();
};

/** The redactor of the project's latest run in this process (if any) and the panel-wide one. */
export const redactorForProject = (project: string): Redactor => {
  const known = registry().byProject.get(project);
  return known ? chain([known, panelRedactor()]) : panelRedactor();
};
