// One deploy or teardown per Docker project and engine at a time: a second request is refused,
// never queued. The same project may run on two environments at once (the key names the engine).
import { currentEngine } from "@/lib/docker/client";
import { AppError } from "@/lib/errors";
import { globalSingleton } from "@/lib/global-singleton";
import type { RunKind } from "./types";

export type ProjectLockHolder = { project: string; runId: string; kind: RunKind; since: string };

const locks = (): Map<string, ProjectLockHolder> => globalSingleton("deploy-locks", () => new Map());

/** The lock's key: the caller's engine scope and the project. */
const keyOf = (project: string): string => `${currentEngine().environmentId}/${project}`;

export type AcquireProjectLockOptions = {
  project: string;
  runId: string;
  kind: RunKind;
  /** The run whose lock this one takes over (a teardown that stopped it); its release then frees nothing. */
  takeOverFrom?: string;
};

/** Throws `conflict` naming the run that holds the project's lock, if any. */
export const assertProjectFree = ({ project }: { project: string }): void => {
  const held = locks().get(keyOf(project));
  if (held) {
    throw new AppError(
      "conflict",
      `A ${held.kind} of project "${project}" is already running (run ${held.runId}, since ${held.since}): ` +
        `wait for it to finish${held.kind === "teardown" ? "" : " or cancel it"}, then try again.`,
      { runId: held.runId, kind: held.kind },
    );
  }
};

/** Takes the project's lock or throws `conflict` naming the run that holds it; returns the release function. */
export const acquireProjectLock = ({
  project,
  runId,
  kind,
  takeOverFrom,
}: AcquireProjectLockOptions): (() => void) => {
  const held = locks().get(keyOf(project));
  if (!(takeOverFrom && held?.runId === takeOverFrom)) assertProjectFree({ project });
  locks().set(keyOf(project), { project, runId, kind, since: new Date().toISOString() });
  const key = keyOf(project);
  return () => {
    if (locks().get(key)?.runId === runId) locks().delete(key);
  };
};

/** Who holds a project's lock, if anyone. */
export const projectLockHolder = ({ project }: { project: string }): ProjectLockHolder | undefined =>
  locks().get(keyOf(project));
