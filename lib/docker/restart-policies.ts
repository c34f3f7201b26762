// Containers are created with restart policy "no" and get their file's policy only once their run
// is ready (or adopted): a failed run's containers are never resurrected by a restarted engine.
import { getDocker } from "./client";
import { updateRestartPolicy } from "./containers";
import { LABEL } from "./labels";

/** Applies the file's restart policy (kept in a label) to every container the filter selects; returns how many changed. */
export const applyFileRestartPolicies = async ({
  filters,
}: {
  filters: { label: string[] };
}): Promise<number> => {
  const containers = await getDocker().listContainers({ all: true, filters });
  let changed = 0;
  for (const container of containers) {
    const policy = container.Labels[LABEL.restartPolicy];
    if (!policy || policy === "no") continue;
    await updateRestartPolicy({ id: container.Id, policy });
    changed += 1;
  }
  return changed;
};
