// What readiness probing costs: the optimized topology deployed (dag, warm data) with exec probes
// every 250 ms and every 1 s, with Docker's health only, and with auto (host checks) every 250 ms;
// per variant the time to ready, the CPU of dockerd + containerd + shims over the deploy, and the
// CPU the containers used by the time the run ended.
import type { BenchContext } from "../lib/context";
import type { ProbeMode } from "../lib/panel";
import { containersCpuSeconds, measureEngineCpu } from "../lib/proc-cpu";
import { spreadOf } from "../lib/stats";

const TOPOLOGY = "optimized";
const VARIANTS: { label: string; probe: ProbeMode; probeIntervalMs: number }[] = [
  { label: "exec every 250 ms", probe: "exec", probeIntervalMs: 250 },
  { label: "exec every 1 s", probe: "exec", probeIntervalMs: 1_000 },
  { label: "Docker health only", probe: "docker", probeIntervalMs: 250 },
  { label: "auto (host checks) every 250 ms", probe: "auto", probeIntervalMs: 250 },
];

export const probeSection = async (context: BenchContext): Promise<void> => {
  const { panel, report, quick, log, save } = context;
  const reps = context.reps ?? (quick ? 1 : 3);
  await panel.teardown({ topology: TOPOLOGY, coldData: false });
  const results: Record<
    string,
    { ready: (number | null)[]; engineCpu: number[]; containerCpu: number[]; kinds: string[] }
  > = {};
  for (let rep = 0; rep < reps; rep += 1)
    for (const variant of VARIANTS) {
      const engineSince = measureEngineCpu();
      const run = await panel.deploy({
        topology: TOPOLOGY,
        strategy: "dag",
        fit: "clamp",
        freshData: false,
        ...variant,
      });
      const engine = engineSince();
      const containers = await containersCpuSeconds(run.project).catch(() => NaN);
      await panel.teardown({ topology: TOPOLOGY, coldData: false });
      const entry = (results[variant.label] ??= { ready: [], engineCpu: [], containerCpu: [], kinds: [] });
      entry.ready.push(run.requestToReadyMs);
      entry.engineCpu.push(engine);
      entry.containerCpu.push(containers);
      entry.kinds = run.probeKinds;
      log(
        `probe ${variant.label} #${rep + 1}: ${run.status}, ready ${((run.requestToReadyMs ?? 0) / 1000).toFixed(1)} s, engine CPU ${engine.toFixed(2)} s, containers CPU ${containers.toFixed(2)} s`,
      );
      save();
    }
  report.tables.push({
    title: "What readiness probing costs",
    description:
      "Optimized topology, dag, warm data, deployed once per variant and repetition (request → every service ready). CPU columns below: dockerd + containerd + shims over the whole deploy (request → run finished, including Docker's health confirmation), and the containers' own CPU by then.",
    rows: VARIANTS.map((v) => ({
      label: `${v.label}: request → ready`,
      spread: spreadOf(results[v.label]?.ready ?? []),
      conditions: `${TOPOLOGY}, dag, warm data`,
      samples: results[v.label]?.ready ?? [],
    })),
  });
  const median = (xs: number[]) => spreadOf(xs).median;
  report.extraMarkdown["What readiness probing costs"] = [
    "| variant | engine CPU (dockerd + containerd + shims), s | containers' CPU, s | probe kinds that decided |",
    "|---|---|---|---|",
    ...VARIANTS.map((v) => {
      const r = results[v.label];
      return `| ${v.label} | ${median(r?.engineCpu ?? [])?.toFixed(2) ?? "—"} | ${median(r?.containerCpu ?? [])?.toFixed(2) ?? "—"} | ${r?.kinds.join(", ") ?? ""} |`;
    }),
  ];
  report.details.probe = results;
};
