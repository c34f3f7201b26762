// Panel dag / phased / sequential against `docker-compose up -d` on the run's own effective file
// (until every service is healthy), and the panel's teardown against `docker-compose down`; with
// the measured critical-path bound of every panel run. Optimized topology, warm data throughout.
import { composeDown, composeUp, removeComposeFiles, writeComposeFiles } from "../lib/compose";
import { engineFloorTeardown } from "../lib/engine-floor";
import type { BenchContext } from "../lib/context";
import type { FitMode, PanelDeploy } from "../lib/panel";
import { ratioOf, spreadOf } from "../lib/stats";

const TOPOLOGY = "optimized";
const STRATEGIES = ["dag", "phased", "sequential"] as const;

export const deploySection = async (context: BenchContext): Promise<void> => {
  const { panel, report, quick, log, save } = context;
  const reps = context.reps ?? (quick ? 1 : 3);
  const fit: FitMode = "clamp";
  log(`deploy: ${TOPOLOGY}, ${reps} repetition(s), warm data`);
  await panel.teardown({ topology: TOPOLOGY, coldData: false });
  // One unrecorded deploy first, so every measured repetition finds the same (warm) data.
  const warmup = await panel.deploy({ topology: TOPOLOGY, strategy: "dag", fit, freshData: false });
  await panel.teardown({ topology: TOPOLOGY, coldData: false });
  log(`warm-up: ${warmup.status}, ${((warmup.requestToReadyMs ?? 0) / 1000).toFixed(1)} s`);
  const runs: Record<string, PanelDeploy[]> = { dag: [], phased: [], sequential: [] };
  const teardowns: (number | null)[] = [];
  for (let rep = 0; rep < reps; rep += 1)
    for (const strategy of STRATEGIES) {
      const run = await panel.deploy({ topology: TOPOLOGY, strategy, fit, freshData: false });
      runs[strategy]?.push(run);
      const down = await panel.teardown({ topology: TOPOLOGY, coldData: false });
      // A failed run was cleaned up by itself: its teardown finds nothing and is not a sample.
      teardowns.push(down.status === "torn_down" && run.status === "healthy" ? down.wallMs : null);
      log(
        `panel ${strategy} #${rep + 1}: ${run.status}, ready ${((run.requestToReadyMs ?? 0) / 1000).toFixed(1)} s, bound ${((run.criticalPath?.boundMs ?? 0) / 1000).toFixed(1)} s, teardown ${(down.wallMs / 1000).toFixed(1)} s`,
      );
      save();
    }
  // The engine's floor for the same teardown: the same deploy, then everything force-removed at once.
  const floors: (number | null)[] = [];
  for (let rep = 0; rep < reps; rep += 1) {
    const run = await panel.deploy({ topology: TOPOLOGY, strategy: "dag", fit, freshData: false });
    const floor = run.status === "healthy" ? await engineFloorTeardown({ project: run.project }) : null;
    floors.push(floor);
    await panel.teardown({ topology: TOPOLOGY, coldData: false });
    log(`engine floor #${rep + 1}: ${run.status}, force-removed in ${((floor ?? 0) / 1000).toFixed(1)} s`);
    save();
  }
  const reference = runs.dag?.find((r) => r.effectiveFile) ?? warmup;
  const composeHealthy: (number | null)[] = [];
  const composeReturned: (number | null)[] = [];
  const composeDowns: (number | null)[] = [];
  if (reference.effectiveFile) {
    const files = writeComposeFiles({
      effectiveFile: reference.effectiveFile,
      secrets: reference.secrets,
      project: reference.project,
    });
    const services = (reference.effectiveFile.match(/^ {4}container_name:/gm) ?? []).length;
    for (let rep = 0; rep < reps; rep += 1) {
      const up = await composeUp({ files, services });
      composeHealthy.push(up.allHealthyMs);
      composeReturned.push(up.upReturnedMs);
      const down = await composeDown({ files, volumes: false });
      composeDowns.push(down.ms);
      log(
        `docker-compose #${rep + 1}: all healthy ${((up.allHealthyMs ?? 0) / 1000).toFixed(1)} s (up -d returned ${((up.upReturnedMs ?? 0) / 1000).toFixed(1)} s), down ${((down.ms ?? 0) / 1000).toFixed(1)} s${up.allHealthyMs === null ? `\n${up.output.slice(-2000)}` : ""}`,
      );
      save();
    }
    removeComposeFiles(files);
  }
  const conditions = `${TOPOLOGY}, fit ${reference.applied.fit}, warm data`;
  const spreadOfRuns = (key: "requestToReadyMs" | "requestToHealthyMs", strategy: string) =>
    spreadOf((runs[strategy] ?? []).map((r) => r[key]));
  report.tables.push({
    title: "Deploy and teardown: panel against docker-compose",
    description:
      "Panel: from the deploy request to every service ready by its own health command (exec probe), and to every service healthy by Docker. docker-compose 1.29: `up -d` on the run's effective file, from the command to every container healthy by `docker inspect` (polled every 250 ms). Teardown: the panel's (stop signals in reverse dependency order, each once its dependents have theirs; each container removed once it has exited, each network once its containers are gone) against `docker-compose down`, same file, volumes kept; and the engine's floor for the same project: every container force-removed at once (SIGKILL), networks as they empty.",
    rows: [
      ...STRATEGIES.flatMap((s) => [
        {
          label: `panel ${s}: request → ready`,
          spread: spreadOfRuns("requestToReadyMs", s),
          conditions,
          samples: (runs[s] ?? []).map((r) => r.requestToReadyMs),
        },
        {
          label: `panel ${s}: request → all Docker-healthy`,
          spread: spreadOfRuns("requestToHealthyMs", s),
          conditions,
          samples: (runs[s] ?? []).map((r) => r.requestToHealthyMs),
        },
        {
          label: `panel ${s}: measured critical-path bound`,
          spread: spreadOf((runs[s] ?? []).map((r) => r.criticalPath?.boundMs ?? null)),
          conditions,
          samples: (runs[s] ?? []).map((r) => r.criticalPath?.boundMs ?? null),
        },
      ]),
      {
        label: "docker-compose up -d → all healthy",
        spread: spreadOf(composeHealthy),
        conditions,
        samples: composeHealthy,
      },
      {
        label: "docker-compose up -d returned",
        spread: spreadOf(composeReturned),
        conditions,
        samples: composeReturned,
      },
      { label: "panel teardown", spread: spreadOf(teardowns), conditions, samples: teardowns },
      { label: "docker-compose down", spread: spreadOf(composeDowns), conditions, samples: composeDowns },
      {
        label: "engine floor: all force-removed at once",
        spread: spreadOf(floors),
        conditions: `${conditions}; SIGKILL, no grace period`,
        samples: floors,
      },
    ],
  });
  const dagReady = spreadOf((runs.dag ?? []).map((r) => r.requestToReadyMs)).median;
  const dagRatio = spreadOf((runs.dag ?? []).map((r) => r.criticalPath?.ratio ?? null)).median;
  report.targets.push(
    {
      name: "dag time to ready ÷ docker-compose all-healthy",
      value: ratioOf(dagReady, spreadOf(composeHealthy).median),
      target: "≤ 0.5",
      pass: null,
    },
    {
      name: "dag time to ready ÷ measured critical-path bound",
      value: dagRatio,
      target: "≤ 1.10",
      pass: null,
    },
    {
      name: "panel teardown ÷ docker-compose down",
      value: ratioOf(spreadOf(teardowns).median, spreadOf(composeDowns).median),
      target: "≤ 0.5",
      pass: null,
    },
  );
  for (const t of report.targets)
    if (t.value !== null && t.pass === null)
      t.pass = t.target.includes("0.5") ? t.value <= 0.5 : t.value <= 1.1;
  report.details.deploy = {
    runs: Object.fromEntries(
      Object.entries(runs).map(([s, list]) => [
        s,
        list.map((r) => ({
          runId: r.runId,
          status: r.status,
          requestToReadyMs: r.requestToReadyMs,
          requestToHealthyMs: r.requestToHealthyMs,
          totalMs: r.totalMs,
          clockDifferenceMs: r.clockDifferenceMs,
          criticalPath: r.criticalPath,
          applied: r.applied,
        })),
      ]),
    ),
    compose: { allHealthyMs: composeHealthy, upReturnedMs: composeReturned, downMs: composeDowns },
    engineFloorMs: floors,
  };
  const floor = spreadOf(floors).median;
  const floorOfDown = ratioOf(floor, spreadOf(composeDowns).median);
  const teardownOfFloor = ratioOf(spreadOf(teardowns).median, floor);
  const teardownFigures =
    floorOfDown === null || teardownOfFloor === null
      ? []
      : [
          `Teardown against the engine's floor (every container force-removed at once, no grace period, each network once its containers are gone): the floor is ${floorOfDown.toFixed(2)} × docker-compose down on this engine, so no client's teardown of this project can go below that ratio here; the panel's orderly teardown (stop signals, grace periods) is ×${teardownOfFloor.toFixed(2)} of the floor.`,
        ];
  const path = runs.dag?.[0]?.criticalPath;
  report.extraMarkdown["Deploy and teardown: panel against docker-compose"] = [
    ...teardownFigures,
    ...(path
      ? [
          `Measured critical path of the first dag run: ${path.links.map((l) => `${l.service} (${(l.ownMs / 1000).toFixed(1)} s${l.waitedFor ? `, after ${l.waitedFor} ${l.until}` : ""})`).join(" → ")}; bound ${(path.boundMs / 1000).toFixed(1)} s, run ×${path.ratio?.toFixed(2)} of it.`,
          `Largest |panel − Docker| create/start clock difference over the dag runs: ${Math.max(...(runs.dag ?? []).map((r) => r.clockDifferenceMs ?? 0)).toFixed(1)} ms.`,
        ]
      : []),
  ];
};
