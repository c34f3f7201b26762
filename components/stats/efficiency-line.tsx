import { formatMemory } from "@/components/charts/format";
import type { Efficiency } from "./efficiency";

const share = (value: number | null) => (value === null ? "" : ` (${(value * 100).toFixed(1)} %)`);

/** One line: CPU cores and memory used now against the topology's allocation. */
export const EfficiencyLine = ({ efficiency }: { efficiency: Efficiency | null }) => (
  <p data-testid="stats-efficiency" className="text-sm text-zinc-700 dark:text-zinc-300">
    <span className="font-semibold">Efficiency now</span>{" "}
    {efficiency === null ? (
      <span className="text-zinc-500">— waiting for the first samples</span>
    ) : (
      <>
        CPU {efficiency.cpuUsedCores.toFixed(2)} of{" "}
        {efficiency.cpuAllocatedCores === null
          ? "no CPU limit"
          : `${efficiency.cpuAllocatedCores} cores allocated`}
        {share(efficiency.cpuShare)} · memory {formatMemory(efficiency.memoryUsedBytes)} of{" "}
        {efficiency.memoryAllocatedBytes === null
          ? "no memory limit"
          : `${formatMemory(efficiency.memoryAllocatedBytes)} allocated`}
        {share(efficiency.memoryShare)}
        <span className="text-zinc-500"> · average of the last 10 s</span>
      </>
    )}
  </p>
);
