// One deploy or teardown per Docker project at a time: a second request is refused, never queued.
import { AppError } from "@/lib/errors";
import { globalSingleton } from "@/lib/global-singleton";
import type { RunKind } from "./types";

export type ProjectLockHolder = { project: string; runId: string; kind: RunKind; since: string };

const locks = (): Map<string, ProjectLockHolder> => globalSingleton("deploy-locks", () => new Map());

export type AcquireProjectLockOptions = { project: string; runId: string; kind: RunKind };

/** Throws `conflict` naming the run that holds the project's lock, if any. */
export const assertProjectFree = ({ project }: { project: string }): void => {
  const held = locks().get(project);
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
export const acquireProjectLock = ({ project, runId, kind }: AcquireProjectLockOptions): (() => void) => {
  assertProjectFree({ project });
  locks().set(project, { project, runId, kind, since: new Date().toISOString() });
  return () => {
    if (locks().get(project)?.runId === runId) locks().delete(project);
  };
};

/** Who holds a project's lock, if anyone. */
export const projectLockHolder = ({ project }: { project: string }): ProjectLockHolder | undefined =>
  locks().get(project);
