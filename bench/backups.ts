// Backup and restore throughput (MB/s) of lib/backups against `tar` of the same volume on this host.
// Fills a scratch volume with <mb> MB (one large random file and many 64 KiB files), then, <reps>
// times each: the panel's snapshot (helper container → tar stream → file, per-file sha256) and
// restore (sha256 check → empty the volume → tar stream in), and GNU tar of the volume's mount point
// on the host (`tar -cf` to a file; `tar -xf` back after emptying it), which needs the engine to be
// on this host. --folder measures a data folder instead (a read-write bind inside a scratch
// topology folder, `./data`, as a topology's ./data/postgres is copied). Prints medians; --json
// <file> also writes them. The lead measures on a quiet host.
// Usage: npx tsx bench/backups.ts [mb=256] [reps=3] [--folder] [--json <file>]   (DOCKER_HOST picks the engine)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { backupGate } from "@/lib/backups/backup-gate";
import { restoreSnapshot } from "@/lib/backups/snapshot-restore";
import { takeSnapshot } from "@/lib/backups/snapshots";
import { CALIBRATION_IMAGE } from "@/lib/docker/calibration";
import { dockerOptions } from "@/lib/docker/client";
import { median } from "@/lib/median";

const jsonAt = process.argv.indexOf("--json");
const JSON_FILE = jsonAt > 0 ? process.argv[jsonAt + 1] : undefined;
const FOLDER = process.argv.includes("--folder");
const positional = process.argv
  .slice(2)
  .filter((arg, i, all) => !arg.startsWith("--") && all[i - 1] !== "--json");
const MB = Number(positional[0] ?? 256);
const REPS = Number(positional[1] ?? 3);
const project = `bench-backups-${process.pid}`;
const volume = `${project}_data`;
const docker = new Docker(dockerOptions(process.env.DOCKER_HOST));
const scratch = mkdtempSync(path.join(os.tmpdir(), "ollamamax-bench-backups-"));
// A data folder is the topology folder's ./data, by its real path (as lib/backups/data-stores.ts names it).
const topologyDir = path.join(scratch, "topology");
const folder = path.join(topologyDir, "data");
const source = FOLDER ? { kind: "folder" as const, name: folder } : { kind: "volume" as const, name: volume };
const gate = backupGate({ project, dir: topologyDir, sources: [source], role: "admin" });

const inVolume = async (script: string) => {
  const container = await docker.createContainer({
    Image: CALIBRATION_IMAGE,
    Cmd: ["sh", "-c", script],
    HostConfig: {
      Mounts: [
        FOLDER
          ? { Type: "bind", Source: folder, Target: "/data" }
          : { Type: "volume", Source: volume, Target: "/data" },
      ],
      NetworkMode: "none",
    },
  });
  try {
    await container.start();
    await container.wait();
  } finally {
    await container.remove({ force: true });
  }
};
const timed = async (work: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
};
const mbPerS = (bytes: number, ms: number) => bytes / 2 ** 20 / (ms / 1000);

const results: Record<string, number[]> = {
  "panel backup": [],
  "panel restore": [],
  "tar -cf (host)": [],
  "tar -xf (host)": [],
};
try {
  if (FOLDER) mkdirSync(folder, { recursive: true });
  else await docker.createVolume({ Name: volume, Labels: { "com.docker.compose.project": project } });
  const smallFiles = Math.floor((MB * 0.25 * 1024) / 64);
  await inVolume(
    `dd if=/dev/urandom of=/data/large bs=1M count=${Math.ceil(MB * 0.75)} 2>/dev/null && mkdir /data/small && i=0; while [ $i -lt ${smallFiles} ]; do dd if=/dev/urandom of=/data/small/f$i bs=64k count=1 2>/dev/null; i=$((i+1)); done`,
  );
  const mountpoint = FOLDER ? folder : (await docker.getVolume(volume).inspect()).Mountpoint;
  let bytes = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const root = path.join(scratch, `panel-${rep}`);
    let snapshot: Awaited<ReturnType<typeof takeSnapshot>> | null = null;
    const backupMs = await timed(async () => {
      snapshot = await takeSnapshot({
        root,
        id: `r${rep}`,
        topology: project,
        project,
        sources: [{ name: "data", source }],
        gate,
        runId: null,
        pause: false,
      });
    });
    const taken = snapshot as Awaited<ReturnType<typeof takeSnapshot>> | null;
    if (!taken) throw new Error("no snapshot");
    bytes = taken.manifest.totalBytes;
    results["panel backup"]?.push(mbPerS(bytes, backupMs));
    const restoreMs = await timed(() =>
      restoreSnapshot({
        folder: taken.folder,
        manifest: taken.manifest,
        mapping: [{ from: "data", to: source }],
        gate,
      }),
    );
    results["panel restore"]?.push(mbPerS(bytes, restoreMs));
    const tarFile = path.join(scratch, `tar-${rep}.tar`);
    const tarMs = await timed(async () => execFileSync("tar", ["-C", mountpoint, "-cf", tarFile, "."]));
    results["tar -cf (host)"]?.push(mbPerS(bytes, tarMs));
    execFileSync("sh", ["-c", `find '${mountpoint}' -mindepth 1 -maxdepth 1 -exec rm -rf {} +`]);
    const untarMs = await timed(async () => execFileSync("tar", ["-C", mountpoint, "-xf", tarFile]));
    results["tar -xf (host)"]?.push(mbPerS(bytes, untarMs));
    rmSync(root, { recursive: true, force: true });
    rmSync(tarFile, { force: true });
  }
  const rows = Object.entries(results).map(([label, samples]) => ({
    label,
    medianMBps: Number((median(samples) ?? 0).toFixed(1)),
    samples: samples.map((s) => Number(s.toFixed(1))),
  }));
  console.log(
    `${FOLDER ? "Data folder" : "Volume"}: ${(bytes / 2 ** 20).toFixed(0)} MiB of files (${Math.floor((MB * 0.25 * 1024) / 64)} small + 1 large), ${REPS} repetitions, scratch on ${scratch}`,
  );
  console.log(
    `Load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" / ")}; ${os.cpus().length} cores`,
  );
  for (const row of rows)
    console.log(
      `${row.label.padEnd(16)} ${String(row.medianMBps).padStart(8)} MB/s  (${row.samples.join(", ")})`,
    );
  if (JSON_FILE)
    writeFileSync(
      JSON_FILE,
      `${JSON.stringify({ store: FOLDER ? "folder" : "volume", bytes, reps: REPS, rows }, null, 2)}\n`,
    );
} finally {
  await docker
    .getVolume(volume)
    .remove({ force: true })
    .catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
}
