// The local image kit from the panel: its status (`build.sh --check`) and, for admins on a Debian
// host where the panel runs as root, a build — the kit's Debian packages first, then the images —
// whose output streams to the browser. Every build ends in a recorded verdict the banner shows.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { globalSingleton } from "@/lib/global-singleton";
import { readLines } from "@/lib/lines";

const BUILD_SCRIPT = path.resolve("scripts", "images", "build.sh");
const PACKAGES_SCRIPT = path.resolve("scripts", "env", "packages.sh");
export const BUILD_COMMAND = "bash scripts/images/build.sh";
/** Lines of the current (or last) build kept for a browser that arrives late. */
const KEPT_LINES = 200;

export type ImageKitBuild = {
  running: boolean;
  /** The verdict of the last finished build: exit code 0 is ok. */
  result: { ok: boolean; exitCode: number | null; finishedAt: string } | null;
  lines: string[];
};

export type ImageKitStatus = {
  ready: boolean;
  lines: string[];
  /** Whether this panel may build the kit itself (root on Debian); otherwise `blocker` says why. */
  canBuild: boolean;
  command: string;
  /** Debian packages the kit needs that are not installed (a build as root installs them first). */
  missingPackages: string[];
  /** One sentence: what this panel cannot do and the exact command to run instead; null when it can. */
  blocker: string | null;
  build: ImageKitBuild;
};

const buildState = (): ImageKitBuild =>
  globalSingleton("image-kit-build", () => ({ running: false, result: null, lines: [] }));

const canBuildHere = (): boolean => process.getuid?.() === 0 && fs.existsSync("/etc/debian_version");

const run = (args: string[], timeout: number): Promise<{ ok: boolean; stdout: string; stderr: string }> =>
  new Promise((resolve) =>
    execFile("bash", args, { timeout }, (error, stdout, stderr) =>
      resolve({ ok: error === null, stdout, stderr }),
    ),
  );

/** The sentence for a panel that cannot install or build: what is missing and the exact command. */
export const blockerSentence = ({ missingPackages }: { missingPackages: string[] }): string =>
  missingPackages.length > 0
    ? `This panel is not running as root on Debian, so it cannot install ${missingPackages.join(", ")} or build the images: run \`sudo apt-get install -y ${missingPackages.join(" ")} && sudo ${BUILD_COMMAND}\` on the host.`
    : `This panel is not running as root on Debian, so it cannot build the images: run \`sudo ${BUILD_COMMAND}\` on the host.`;

/** The running or last build: its lines and verdict. */
export const imageKitBuild = (): ImageKitBuild => ({ ...buildState() });

/** What `build.sh --check` says about the local images, what the kit lacks, and the last build. */
export const imageKitStatus = async (): Promise<ImageKitStatus> => {
  const [check, packages] = await Promise.all([
    run([BUILD_SCRIPT, "--check"], 30_000),
    run([PACKAGES_SCRIPT, "--check", "kit"], 10_000),
  ]);
  const missingPackages = packages.stdout.trim().split(/\s+/).filter(Boolean);
  const canBuild = canBuildHere();
  const state = buildState();
  return {
    ready: check.ok,
    lines: `${check.stdout}${check.stderr}`.split("\n").filter(Boolean),
    canBuild,
    command: BUILD_COMMAND,
    missingPackages,
    blocker: canBuild ? null : blockerSentence({ missingPackages }),
    build: { running: state.running, result: state.result, lines: state.lines },
  };
};

/** The kit's packages (debootstrap …) first, through the same installer as scripts/start.sh. */
const KIT_BUILD = ["-c", 'bash "$0" kit && exec bash "$1"', PACKAGES_SCRIPT, BUILD_SCRIPT];

export type StartImageKitBuildOptions = {
  onLine: (line: string) => void;
  onDone: (ok: boolean) => void;
  /** bash's arguments; the kit's install-then-build unless a test passes another script. */
  bashArgs?: string[];
};

/** Starts a build (one at a time); every output line goes to `onLine`, the verdict to `onDone`. */
export const startImageKitBuild = ({
  onLine,
  onDone,
  bashArgs = KIT_BUILD,
}: StartImageKitBuildOptions): void => {
  if (!canBuildHere()) throw new AppError("forbidden", blockerSentence({ missingPackages: [] }));
  const state = buildState();
  if (state.running)
    throw new AppError("conflict", "An image build is already running: wait for it to finish.");
  state.running = true;
  state.lines = [];
  const child = spawn("bash", bashArgs, { stdio: ["ignore", "pipe", "pipe"] });
  // A line may arrive in two chunks: readLines keeps it whole.
  const forward = (line: string) => {
    if (!line) return;
    state.lines = [...state.lines, line].slice(-KEPT_LINES);
    onLine(line);
  };
  readLines(child.stdout, forward);
  readLines(child.stderr, forward);
  const finish = (exitCode: number | null, why: string | null) => {
    if (!state.running) return;
    if (why) forward(why);
    state.running = false;
    state.result = { ok: exitCode === 0, exitCode, finishedAt: new Date().toISOString() };
    onDone(exitCode === 0);
  };
  child.on("error", (error) => finish(null, `!! the build could not start: ${error.message}`));
  child.on("close", (code, signal) => finish(code, signal ? `!! the build was stopped by ${signal}` : null));
};
