// loadTopology remembers a load and answers a copy while every file it read reads the same again:
// an edited included file, env file or mounted config, another env or other options parse again.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { composeLoadCounts, loadTopology } from "./load-topology";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), "load-memo-"));
  dirs.push(dir);
  writeFileSync(
    join(dir, "compose.yaml"),
    [
      "name: memo",
      "include:",
      "  - extra.yaml",
      "services:",
      "  web:",
      "    image: busybox",
      "    env_file: web.env",
      "    environment:",
      "      GREETING: ${GREETING:-hello}",
      "    volumes:",
      "      - ./nginx.conf:/etc/nginx/nginx.conf:ro",
      "",
    ].join("\n"),
  );
  writeFileSync(join(dir, "extra.yaml"), "services:\n  db:\n    image: busybox\n");
  writeFileSync(join(dir, "web.env"), "MODE=one\n");
  writeFileSync(join(dir, "nginx.conf"), "upstream a { server db:80; }\n");
  return dir;
};

const load = (dir: string, env: Record<string, string> = {}) =>
  loadTopology({ file: join(dir, "compose.yaml"), env, folderEnv: false });

const topologyOf = async (dir: string, env?: Record<string, string>) => {
  const loaded = await load(dir, env);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join("\n"));
  return loaded.topology;
};

describe("remembered loads", () => {
  it("answers an equal copy without parsing while the files read the same", async () => {
    const dir = folder();
    const first = await topologyOf(dir);
    const before = composeLoadCounts();
    const second = await topologyOf(dir);
    expect(composeLoadCounts()).toEqual({ parsed: before.parsed, remembered: before.remembered + 1 });
    expect(second).toEqual(first);
    // A copy: what one caller changes, the next load never sees.
    second.services[0]!.image = "changed";
    expect((await topologyOf(dir)).services[0]?.image).toBe("busybox");
  });

  it("parses again when an included file, an env file or a mounted config changed", async () => {
    const dir = folder();
    await topologyOf(dir);
    writeFileSync(join(dir, "extra.yaml"), "services:\n  db:\n    image: busybox:1\n");
    expect((await topologyOf(dir)).services.find((s) => s.name === "db")?.image).toBe("busybox:1");
    writeFileSync(join(dir, "web.env"), "MODE=two\n");
    expect((await topologyOf(dir)).services.find((s) => s.name === "web")?.environment.MODE).toBe("two");
    const parsed = composeLoadCounts().parsed;
    writeFileSync(join(dir, "nginx.conf"), "upstream a { server db:81; }\n");
    await topologyOf(dir);
    expect(composeLoadCounts().parsed).toBe(parsed + 1);
  });

  it("parses again for another env, and an include that went missing is an error again", async () => {
    const dir = folder();
    await topologyOf(dir);
    const web = (await topologyOf(dir, { GREETING: "hi" })).services.find((s) => s.name === "web");
    expect(web?.environment.GREETING).toBe("hi");
    rmSync(join(dir, "extra.yaml"));
    expect((await load(dir)).ok).toBe(false);
  });
});
