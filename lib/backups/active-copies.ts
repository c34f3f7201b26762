// The backups and restores copying a project's volumes right now, in this process: a deploy or
// teardown of that project meanwhile would change the data under the copy (or stop the services a
// backup paused), so it is refused naming the copy.
import { AppError } from "@/lib/errors";
import { globalSingleton } from "@/lib/global-singleton";

export type ActiveCopy = { id: string; kind: "backup" | "restore"; topology: string };

const keyOf = ({ environment, project }: { environment: string | null; project: string }) =>
  `${environment ?? ""}\u0000${project}`;
const copies = () => globalSingleton("ollamamax.backups.active-copies", () => new Map<string, ActiveCopy>());

/** Marks the project's volumes as being copied until `work` settles; answers what `work` answers. */
export const whileCopying = async <T>(
  where: { environment: string | null; project: string },
  copy: ActiveCopy,
  work: () => Promise<T>,
): Promise<T> => {
  const key = keyOf(where);
  copies().set(key, copy);
  try {
    return await work();
  } finally {
    if (copies().get(key) === copy) copies().delete(key);
  }
};

/** The copy running on the project, if any. */
export const activeCopyOf = (where: {
  environment: string | null;
  project: string;
}): ActiveCopy | undefined => copies().get(keyOf(where));

/** What a person wanted to do with a project a copy holds, as the refusal says it. */
const ACTION_WORDS = {
  deploy: "deploy it",
  "tear down": "tear it down",
  scale: "scale it",
  "back up": "back it up",
  restore: "restore into it",
  "test latency": "test it",
} as const;
export type ProjectAction = keyof typeof ACTION_WORDS;

/** 409 naming the backup or restore when one copies the project's volumes (before anything that changes them). */
export const assertNotCopying = ({
  environment,
  project,
  action,
}: {
  environment: string | null;
  project: string;
  action: ProjectAction;
}): void => {
  const copy = activeCopyOf({ environment, project });
  if (copy)
    throw new AppError(
      "conflict",
      `${copy.topology} (project ${project}) is being ${copy.kind === "backup" ? "backed up" : "restored"} (${copy.kind} ${copy.id}): ${ACTION_WORDS[action]} once that ends.`,
      { [copy.kind]: copy.id },
    );
};
