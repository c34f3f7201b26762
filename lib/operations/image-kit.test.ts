import { describe, expect, it } from "vitest";
import { blockerSentence, imageKitBuild, startImageKitBuild } from "./image-kit";

const runBuild = (bashArgs: string[]) =>
  new Promise<{ ok: boolean; lines: string[] }>((resolve) => {
    const lines: string[] = [];
    startImageKitBuild({
      bashArgs,
      onLine: (line) => lines.push(line),
      onDone: (ok) => resolve({ ok, lines }),
    });
  });

const asRootOnDebian =
  process.getuid?.() === 0 && (await import("node:fs")).existsSync("/etc/debian_version");

describe("image kit build from the panel", () => {
  it.runIf(asRootOnDebian)(
    "records a failed build as failed, with its exit code and last lines",
    async () => {
      const result = await runBuild([
        "-c",
        "echo '==> building base'; echo 'debootstrap failed' >&2; exit 3",
      ]);
      expect(result.ok).toBe(false);
      expect(result.lines).toEqual(["==> building base", "debootstrap failed"]);
      const build = imageKitBuild();
      expect(build.running).toBe(false);
      expect(build.result).toMatchObject({ ok: false, exitCode: 3 });
      expect(build.lines.at(-1)).toBe("debootstrap failed");
    },
  );

  it.runIf(asRootOnDebian)("records a build whose script is missing as failed, saying why", async () => {
    const result = await runBuild(["/nonexistent/build.sh"]);
    expect(result.ok).toBe(false);
    expect(imageKitBuild().result).toMatchObject({ ok: false, exitCode: 127 });
    expect(result.lines.at(-1)).toMatch(/No such file/);
  });

  it("names the missing packages and the exact command when the panel cannot install them", () => {
    expect(blockerSentence({ missingPackages: ["debootstrap"] })).toBe(
      "This panel is not running as root on Debian, so it cannot install debootstrap or build the images: " +
        "run `sudo apt-get install -y debootstrap && sudo bash scripts/images/build.sh` on the host.",
    );
  });
});
