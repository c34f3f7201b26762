// Each run is redacted with the secrets it was actually given (process env, data/cluster.env,
// the topology's .env and the run's overrides); anything else falls back to the panel's own.
import { globalSingleton } from "@/lib/global-singleton";
import { createRedactor, type Redactor } from "./redact";

type Registry = { byRun: Map<string, Redactor>; byProject: Map<string, Redactor>; fallback: Redactor | null };
const registry = (): Registry =>
  globalSingleton("run-redactors", () => ({ byRun: new Map(), byProject: new Map(), fallback: null }));

/** Remembers the redactor for a run and its project (kept for the process's life: runs are few). */
export const registerRunRedactor = ({
  runId,
  project,
  env,
}: {
  runId: string;
  project: string;
  env: Record<string, string | undefined>;
}): Redactor => {
  const redactor = createRedactor({ env });
  registry().byRun.set(runId, redactor);
  registry().byProject.set(project, redactor);
  return redactor;
};

/** The run's redactor, or one built from the panel's environment. */
export const redactorFor = (runId: string | null): Redactor => {
  const store = registry();
  const known = runId ? store.byRun.get(runId) : undefined;
  if (known) return known;
  store.fallback ??= createRedactor({ env: process.env });
  return store.fallback;
};

/** The redactor of the project's latest run in this process, else the panel's. */
export const redactorForProject = (project: string): Redactor =>
  registry().byProject.get(project) ?? redactorFor(null);
