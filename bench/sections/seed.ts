// The seed's comparison, redone: original/sequential against optimized/phased and optimized/dag,
// cold data every time (volumes and data folders emptied before each deploy), in clamp and in
// proportional fit, with repetitions. The guide claimed 190 s → 120 s (−37 %), elsewhere −55 %.
import type { BenchContext } from "../lib/context";
import type { FitMode } from "../lib/panel";
import { ratioOf, spreadOf } from "../lib/stats";

const COMBOS = [
  { topology: "original", strategy: "sequential" },
  { topology: "optimized", strategy: "phased" },
  { topology: "optimized", strategy: "dag" },
] as const;

export const seedSection = async (context: BenchContext): Promise<void> => {
  const { panel, report, quick, log, save } = context;
  const reps = context.reps ?? (quick ? 1 : 3);
  const fits: FitMode[] = ["clamp", "proportional"];
  const rows = [];
  const medians: Record<string, number | null> = {};
  for (const fit of fits) {
    for (const combo of COMBOS) {
      const samples: (number | null)[] = [];
      let applied = "";
      for (let rep = 0; rep < reps; rep += 1) {
        await panel.teardown({ topology: combo.topology, coldData: true });
        const run = await panel.deploy({ ...combo, fit, freshData: true });
        applied = run.applied.fit;
        samples.push(run.requestToReadyMs);
        await panel.teardown({ topology: combo.topology, coldData: true });
        log(
          `seed ${combo.topology}/${combo.strategy} ${fit} #${rep + 1}: ${run.status}, ready ${((run.requestToReadyMs ?? 0) / 1000).toFixed(1)} s`,
        );
        save();
      }
      const spread = spreadOf(samples);
      medians[`${fit}:${combo.topology}/${combo.strategy}`] = spread.median;
      rows.push({
        label: `${combo.topology} / ${combo.strategy}`,
        spread,
        conditions: `fit ${applied}, cold data (volumes and data folders emptied first)`,
        samples,
      });
    }
  }
  report.tables.push({
    title: "The seed's comparison, redone",
    description:
      "From the deploy request to every service ready by its own health command, cold data every repetition. The guide claims 190 s → 120 s (−37 %) for original → optimized; its files were never measured.",
    rows,
  });
  report.extraMarkdown["The seed's comparison, redone"] = fits.flatMap((fit) => {
    const base = medians[`${fit}:original/sequential`] ?? null;
    return COMBOS.slice(1).map((c) => {
      const ratio = ratioOf(medians[`${fit}:${c.topology}/${c.strategy}`] ?? null, base);
      return `- ${fit}: ${c.topology}/${c.strategy} against original/sequential: ${ratio === null ? "—" : `${((ratio - 1) * 100).toFixed(1)} %`}`;
    });
  });
};
