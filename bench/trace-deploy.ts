// `flock /tmp/ollamamax-cluster.lock npx tsx bench/trace-deploy.ts [strategy] [topology]`: one
// deploy and one teardown of a shipped topology, printing every step and every run event in ms
// since the request, to find where a run's time goes before and between its containers' starts;
// then the same deploy torn down by `docker-compose down`, with the Engine's own kill → die →
// destroy times per container for both teardowns (what the Engine spends, whoever asks).
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

process.env.OLLAMAMAX_TRACE = "1";
const strategy = (process.argv[2] ?? "dag") as "dag" | "phased" | "sequential";
const topology = process.argv[3] ?? "optimized";
const scratch = mkdtempSync(path.join(tmpdir(), "ollamamax-trace-db-"));
process.env.DATABASE_URL = `file:${path.join(scratch, "trace.db")}`;
execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "ignore", env: process.env });

const { ensureClusterSecrets, createPanel } = await import("./lib/panel");
const { getDeployBus } = await import("@/lib/deploy/bus");
const { takeTrace } = await import("@/lib/deploy/trace");
const { getDocker } = await import("@/lib/docker/client");
const { projectFilter } = await import("@/lib/docker/labels");
const { composeDown, writeComposeFiles } = await import("./lib/compose");

type EngineEvent = {
  Type: string;
  Action: string;
  timeNano: number;
  Actor: { Attributes: Record<string, string> };
};
/** The project's container and network events since `sinceMs` (wall clock), read back from the Engine. */
const engineEvents = async (project: string, sinceMs: number): Promise<EngineEvent[]> => {
  const stream = (await getDocker().getEvents({
    since: Math.floor(sinceMs / 1000) - 1,
    until: Math.ceil(Date.now() / 1000) + 1,
  })) as NodeJS.ReadableStream;
  let text = "";
  for await (const chunk of stream) text += String(chunk);
  const label = projectFilter(project).label[0] ?? "";
  const [key, value] = label.split("=");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as EngineEvent)
    .filter((e) => e.timeNano / 1e6 >= sinceMs)
    .filter((e) =>
      e.Type === "network"
        ? (e.Actor.Attributes.name ?? "").startsWith(`${project}_`)
        : e.Actor.Attributes[key ?? ""] === value,
    );
};
/** Per container: when it got its signal, died and was destroyed (ms since `sinceMs`); networks' removal. */
const printEngineTeardown = (title: string, events: EngineEvent[], sinceMs: number) => {
  const at = (e: EngineEvent) => Math.round(e.timeNano / 1e6 - sinceMs);
  const names = [
    ...new Set(events.filter((e) => e.Type === "container").map((e) => e.Actor.Attributes.name ?? "?")),
  ];
  console.log(`\n== Engine events, ${title} (ms since the request)`);
  for (const name of names) {
    const mine = events.filter((e) => e.Actor.Attributes.name === name);
    const first = (action: string) => mine.find((e) => e.Action === action);
    const kill = first("kill");
    console.log(
      `${name.padEnd(26)} kill ${kill ? at(kill) : "-"} (signal ${kill?.Actor.Attributes.signal ?? "-"})  die ${first("die") ? at(first("die") as EngineEvent) : "-"}  destroy ${first("destroy") ? at(first("destroy") as EngineEvent) : "-"}`,
    );
  }
  for (const e of events.filter((e) => e.Type === "network" && e.Action === "destroy"))
    console.log(`network ${e.Actor.Attributes.name} destroyed ${at(e)}`);
};

ensureClusterSecrets(scratch);
const panel = createPanel();
let requestedAt = 0;
const lines: { atMs: number; line: string }[] = [];
getDeployBus().subscribe((event) => {
  if (event.type === "log" && event.stream !== "panel") return;
  if (event.type === "docker_health") return;
  const rest: Record<string, unknown> = { ...event };
  for (const key of ["type", "runId", "project", "t", "at"]) delete rest[key];
  lines.push({
    atMs: performance.now() - requestedAt,
    line: `${event.type} ${JSON.stringify(rest).slice(0, 140)}`,
  });
});
const print = (title: string) => {
  const steps = takeTrace().map((m) => ({ atMs: m.atMs - requestedAt, line: `· ${m.label}` }));
  console.log(`\n== ${title}`);
  for (const { atMs, line } of [...steps, ...lines.splice(0)].sort((a, b) => a.atMs - b.atMs))
    console.log(`${atMs.toFixed(0).padStart(7)} ms  ${line}`);
};

await panel.teardown({ topology, coldData: false });
takeTrace();
lines.splice(0);
requestedAt = performance.now();
const run = await panel.deploy({ topology, strategy, fit: "clamp", freshData: false });
print(`deploy ${strategy}: ${run.status}, ready ${run.requestToReadyMs} ms`);
console.log(
  run.criticalPath?.links
    .map((l) => `${l.service} created ${l.createdAtMs} ready ${l.readyAtMs} (+${l.contributesMs})`)
    .join("\n"),
  `\nbound ${run.criticalPath?.boundMs} ratio ${run.criticalPath?.ratio}`,
);
requestedAt = performance.now();
const panelDownAt = Date.now();
const down = await panel.teardown({ topology, coldData: false });
print(`teardown: ${down.status}, ${down.wallMs} ms`);
printEngineTeardown("panel teardown", await engineEvents(run.project, panelDownAt), panelDownAt);

// The same cluster again, torn down by docker-compose down on the run's effective file.
const again = await panel.deploy({ topology, strategy, fit: "clamp", freshData: false });
lines.splice(0);
takeTrace();
if (again.effectiveFile) {
  const files = writeComposeFiles({
    effectiveFile: again.effectiveFile,
    secrets: again.secrets,
    project: again.project,
  });
  const composeDownAt = Date.now();
  const composed = await composeDown({ files, volumes: false });
  console.log(`\n== docker-compose down: ${composed.ms} ms`);
  printEngineTeardown("docker-compose down", await engineEvents(again.project, composeDownAt), composeDownAt);
}
panel.stop();
process.exit(0);
