// The local image kit from the panel: its status (`build.sh --check`) and, for admins on a Debian
// host where the panel runs as root, a build whose output streams to the browser.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { globalSingleton } from "@/lib/global-singleton";
import { readLines } from "@/lib/lines";

const SCRIPT = path.resolve("scripts", "images", "build.sh");
export const BUILD_COMMAND = "bash scripts/images/build.sh";

export type ImageKitStatus = {
  ready: boolean;
  lines: string[];
  /** Whether this panel may build the kit itself (root on Debian); otherwise run BUILD_COMMAND. */
  canBuild: boolean;
  command: string;
  building: boolean;
};

type BuildState = { running: boolean };
const buildState = (): BuildState => globalSingleton("image-kit-build", () => ({ running: false }));

const canBuildHere = (): boolean => process.getuid?.() === 0 && fs.existsSync("/etc/debian_version");

/** What `build.sh --check` says about the local images. */
export const imageKitStatus = (): Promise<ImageKitStatus> =>
  new Promise((resolve) => {
    execFile("bash", [SCRIPT, "--check"], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({
        ready: error === null,
        lines: `${stdout}${stderr}`.split("\n").filter(Boolean),
        canBuild: canBuildHere(),
        command: BUILD_COMMAND,
        building: buildState().running,
      });
    });
  });

/** Starts a build (one at a time); every output line goes to `onLine`, the result to `onDone`. */
export const startImageKitBuild = ({
  onLine,
  onDone,
}: {
  onLine: (line: string) => void;
  onDone: (ok: boolean) => void;
}): void => {
  if (!canBuildHere())
    throw new AppError(
      "forbidden",
      `This panel cannot build images itself (not root on Debian): run ${BUILD_COMMAND} on the host.`,
    );
  const state = buildState();
  if (state.running)
    throw new AppError("conflict", "An image build is already running: wait for it to finish.");
  state.running = true;
  const child = spawn("bash", [SCRIPT], { stdio: ["ignore", "pipe", "pipe"] });
  // A line may arrive in two chunks: readLines keeps it whole.
  const forward = (line: string) => line && onLine(line);
  readLines(child.stdout, forward);
  readLines(child.stderr, forward);
  child.on("close", (code) => {
    state.running = false;
    onDone(code === 0);
  });
};
