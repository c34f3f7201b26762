// Where the numbers of a chart were read, in the user's words: the kernel's cgroup files on the
// engine's host, or Docker's stats API (remote engines, or containers whose cgroup cannot be read).
import { sourceOf, type BatchSource, type StatsHistory } from "@/lib/stats/series";

export const SOURCE_LABEL: Record<BatchSource, string> = {
  kernel: "source: kernel cgroups",
  docker: "source: Docker API",
  mixed: "source: kernel cgroups + Docker API",
};

export const SOURCE_TITLE: Record<BatchSource, string> = {
  kernel: "Read by the panel from each container's cgroup and network namespace on the engine's host.",
  docker: "Read from Docker's stats stream of each container (remote engine, or cgroups not readable here).",
  mixed: "Some containers read from their cgroups, the others from Docker's stats stream.",
};

/** The source of the newest sample of every container in the window (null before any). */
export const statsSourceOf = (history: StatsHistory): BatchSource | null =>
  sourceOf(Object.values(history.latest));
