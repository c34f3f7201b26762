// Which panel process owns a stored run: "<kernel boot id>:<pid>:<start ticks>". A pid alone is
// reused; with the process's start time and the kernel's boot id it names one process, ever.
import { readFileSync } from "node:fs";

const bootId = (): string => {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return "unknown-boot";
  }
};

/** Clock ticks after boot at which the process started (field 22 of /proc/<pid>/stat), null if gone. */
const startTicks = (pid: number): string | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // A killed process not yet reaped by its parent is a zombie (Z) or dying (X): it is gone.
    if (fields[0] === "Z" || fields[0] === "X") return null;
    return fields[19] ?? null;
  } catch {
    return null;
  }
};

/** This process's owner id. */
export const currentOwnerId = (): string => `${bootId()}:${process.pid}:${startTicks(process.pid) ?? "?"}`;

/** Whether the process named by an owner id still runs (false for null or a foreign format). */
export const ownerAlive = (ownerId: string | null): boolean => {
  if (!ownerId) return false;
  const [boot, pid, ticks] = ownerId.split(":");
  if (boot !== bootId() || !pid || !ticks) return false;
  return startTicks(Number(pid)) === ticks;
};
