// One experiment at a time per engine, held by the runner for the experiment's whole life: taken
// synchronously before anything is stored, so two requests that arrive together cannot both pass
// (the check of the stored experiments alone is a read, then a write: both could read "none").
import { AppError } from "@/lib/errors";
import { globalSingleton } from "@/lib/global-singleton";

export type ExperimentLockHolder = { experimentId: string; name: string; since: string };

const locks = (): Map<string, ExperimentLockHolder> => globalSingleton("experiment-locks", () => new Map());

/** The key of an engine: its stored environment id, or the panel's own engine. */
const keyOf = (environment: string | null): string => environment ?? "(panel's own engine)";

/** The sentence a refused experiment answers with, naming the one that runs. */
export const experimentBusySentence = ({ experimentId, name, since }: ExperimentLockHolder): string =>
  `Experiment ${experimentId} ("${name}") is running on this engine since ${since}: one experiment at a ` +
  `time per engine, so their timings do not disturb each other — cancel it or wait for it to finish, then try again.`;

/** Takes the engine's experiment lock or throws `conflict` naming the holder; returns the release function. */
export const acquireExperimentLock = ({
  environment,
  experimentId,
  name,
}: {
  environment: string | null;
  experimentId: string;
  name: string;
}): (() => void) => {
  const key = keyOf(environment);
  const held = locks().get(key);
  if (held && held.experimentId !== experimentId)
    throw new AppError("conflict", experimentBusySentence(held), { experimentId: held.experimentId });
  locks().set(key, { experimentId, name, since: held?.since ?? new Date().toISOString() });
  return () => {
    if (locks().get(key)?.experimentId === experimentId) locks().delete(key);
  };
};

/** Who holds an engine's experiment lock, if anyone. */
export const experimentLockHolder = ({
  environment,
}: {
  environment: string | null;
}): ExperimentLockHolder | undefined => locks().get(keyOf(environment));
