import type { createPanel } from "./panel";
import type { Report } from "./report";

/** What every bench section gets: the in-process panel, the report it fills, and how to log and save. */
export type BenchContext = {
  panel: ReturnType<typeof createPanel>;
  report: Report;
  quick: boolean;
  log: (line: string) => void;
  /** Writes the report as it is now (a long bench leaves something behind if it is stopped). */
  save: () => void;
};
