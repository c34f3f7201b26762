import type { BenchContext } from "../lib/context";

export const probeSection = async ({ report }: BenchContext): Promise<void> => {
  report.notes.push("Probe cost: not measured in this run.");
};
