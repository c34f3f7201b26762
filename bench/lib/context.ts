import type { createPanel } from "./panel";
import type { Report } from "./report";

/** What every bench section gets: the in-process panel, the report it fills, and how to log and save. */
export type BenchContext = {
  panel: ReturnType<typeof createPanel>;
  report: Report;
  quick: boolean;
  /** Repetitions asked for on the command line (--reps), instead of 1 (quick) or 3. */
  reps?: number;
  log: (line: string) => void;
  /** Writes the report as it is now (a long bench leaves something behind if it is stopped). */
  save: () => void;
};
