import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadText } from "./test-support";
import { listTopologies, loadTopology } from "./index";
import type { LoadResult } from "./index";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/files/${name}`, import.meta.url));
const serviceOf = (result: LoadResult, name: string) => {
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
  const service = result.topology.services.find((s) => s.name === name);
  if (!service) throw new Error(`no service ${name}`);
  return service;
};

describe("extends", async () => {
  const result = await loadTopology({ file: fixture("extends/compose.yaml") });

  it("merges a base from another file: mappings by key, volumes by target, relative paths from the base's folder", async () => {
    const web = serviceOf(result, "web");
    expect(web.image).toBe("ollamamax-test/busybox:latest");
    expect(web.command).toEqual(["sleep", "3600"]);
    expect(web.environment).toEqual({ TZ: "utc", ROLE: "web" });
    expect(web.labels).toEqual({ "org.example.base": "yes" });
    expect(web.hostAccess?.devices).toEqual(["/dev/null:/dev/fake-null"]);
    // ./data is the base file's (base/data); /cache is replaced by the local ./web-cache.
    expect(web.volumes.map((v) => `${v.source}:${v.target}`).sort()).toEqual([
      `${fixture("extends/base/data")}:/data`,
      `${fixture("extends/web-cache")}:/cache`,
    ]);
    expect(web.ports).toEqual([{ hostIp: "127.0.0.1", hostPort: null, containerPort: 80, protocol: "tcp" }]);
  });

  it("resolves chains (cli → web → common) and replaces command instead of appending", async () => {
    const cli = serviceOf(result, "cli");
    expect(cli.command).toEqual(["sh", "-c", "sleep 1"]);
    expect(cli.environment).toEqual({ TZ: "utc", ROLE: "cli" });
    // The same port in base and local service is merged by its unique key, not listed twice.
    expect(cli.ports).toHaveLength(1);
    expect(result.ok && result.topology.files).toEqual([
      fixture("extends/compose.yaml"),
      fixture("extends/base/common.yaml"),
    ]);
  });

  it("honours !reset and !override on the extending service", async () => {
    const text =
      "services:\n  base:\n    image: x\n    ports: ['80']\n    volumes: ['./a:/a']\n" +
      "  app:\n    extends: base\n    ports: !reset []\n    volumes: !override\n      - ./b:/b\n";
    const result = await loadText({ text, file: join(fixture("extends"), "t.yaml"), env: {} });
    const app = serviceOf(result, "app");
    expect(app.ports).toEqual([]);
    expect(app.volumes.map((v) => v.target)).toEqual(["/b"]);
  });

  it("inherits depends_on as the current spec merges every key (docker-compose 1.29 dropped depends_on, links and volumes_from)", async () => {
    const text =
      "services:\n  db:\n    image: x\n  base:\n    image: x\n    depends_on: [db]\n  app:\n    extends: base\n";
    const result = await loadText({ text, file: join(fixture("extends"), "d.yaml"), env: {} });
    expect(serviceOf(result, "app").dependsOn.map((d) => d.service)).toEqual(["db"]);
  });

  it("refuses a cycle with the chain named", async () => {
    const text =
      "services:\n  a:\n    image: x\n    extends: b\n  b:\n    image: x\n    extends:\n      service: a\n";
    const cyclic = await loadText({ text, file: join(fixture("extends"), "c.yaml"), env: {} });
    expect(cyclic.ok).toBe(false);
    if (cyclic.ok) return;
    // Found while resolving a: reported where the chain closes (b's extends, line 7).
    expect(cyclic.errors[0]?.message).toMatch(/services\.b\.extends: extends cycle a → b → a/);
    expect(cyclic.errors[0]?.line).toBe(7);
  });

  it("refuses an unknown base service and a missing file", async () => {
    const file = join(fixture("extends"), "c.yaml");
    const unknown = await loadText({ text: "services:\n  a:\n    extends: nope\n", file, env: {} });
    expect(!unknown.ok && unknown.errors[0]?.message).toMatch(/extends service "nope", which is not in/);
    const missing = await loadText({
      text: "services:\n  a:\n    extends:\n      file: ./gone.yaml\n      service: x\n",
      file,
      env: {},
    });
    expect(!missing.ok && missing.errors[0]?.message).toMatch(
      /services\.a\.extends: "\.\/gone\.yaml" is not a file this topology may read/,
    );
  });
});

describe("override files", async () => {
  const dir = fixture("override");
  const result = await loadTopology({
    file: join(dir, "compose.yaml"),
    overrideFiles: [join(dir, "compose.override.yaml")],
  });

  it("merges in order: maps by key, command replaced, volumes by target, !reset clears, new services added", async () => {
    const app = serviceOf(result, "app");
    expect(app.command).toEqual(["sleep", "20"]);
    expect(app.environment).toEqual({ KEEP: "base", CHANGE: "override", ADDED: "override" });
    expect(app.ports).toEqual([]);
    expect(app.volumes.map((v) => `${v.source}:${v.target}`)).toEqual([
      `${dir}/b:/data`,
      `${dir}/logs:/logs`,
    ]);
    expect(serviceOf(result, "extra").image).toBe("ollamamax-test/busybox:latest");
  });

  it("keeps the file's name: as the project and hashes every file", async () => {
    if (!result.ok) throw new Error("expected a topology");
    expect(result.topology.project).toBe("cmpfiles-override");
    expect(result.topology.declaredName).toBe("cmpfiles-override");
    const alone = await loadTopology({ file: join(dir, "compose.yaml") });
    expect(alone.ok && alone.topology.contentHash).not.toBe(result.topology.contentHash);
  });

  it("replaces a sequence marked !override instead of appending to it", async () => {
    const text = "services:\n  app:\n    volumes: !override\n      - ./c:/c\n";
    const folder = mkdtempSync(join(tmpdir(), "cmpfiles-"));
    const base = join(folder, "compose.yaml");
    copyFileSync(join(dir, "compose.yaml"), base);
    const merged = await loadTopology({ file: base, overrideFiles: [writeIn(folder, text)] });
    expect(serviceOf(merged, "app").volumes.map((v) => v.target)).toEqual(["/c"]);
    // An override file is read through the confined reader too: one outside the folder is refused.
    const outside = await loadTopology({
      file: base,
      overrideFiles: [writeIn(mkdtempSync(join(tmpdir(), "cmpfiles-")), text)],
    });
    expect(!outside.ok && outside.errors[0]?.message).toMatch(/is not a file this topology may read/);
  });
});

const writeIn = (folder: string, text: string): string => {
  const file = join(folder, "override.yaml");
  writeFileSync(file, text);
  return file;
};

describe("listTopologies with override files", async () => {
  it("puts the base file first and lists *.override.y(a)ml files as its overrides", async () => {
    const root = mkdtempSync(join(tmpdir(), "cmpfiles-list-"));
    const dir = join(root, "app");
    mkdirSync(dir);
    for (const name of ["compose.override.yaml", "compose.yaml", "notes.yaml"])
      writeFileSync(join(dir, name), "");
    expect(listTopologies({ root })).toEqual([
      {
        name: "app",
        dir,
        files: [join(dir, "compose.yaml"), join(dir, "compose.override.yaml")],
        overrides: [join(dir, "compose.override.yaml")],
        chosenBy: "default names",
        candidates: [join(dir, "compose.override.yaml"), join(dir, "compose.yaml")],
        note: null,
        problem: null,
      },
    ]);
  });
});
