import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadText } from "./test-support";
import { analyzeTopology, loadTopology } from "./index";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/files/${name}`, import.meta.url));
const names = (result: Awaited<ReturnType<typeof loadTopology>>) =>
  result.ok ? result.topology.services.map((s) => s.name) : result.errors.map((e) => e.message);

describe("profiles", async () => {
  const file = fixture("profiles/compose.yaml");

  it("leaves services with profiles out unless one of theirs is chosen", async () => {
    const plain = await loadTopology({ file });
    expect(names(plain)).toEqual(["app"]);
    expect(plain.ok && plain.topology.inactiveServices).toEqual(["debug-tool", "ui"]);
    expect(plain.ok && plain.topology.profiles).toEqual({
      declared: ["debug", "ui"],
      active: [],
      servicesByProfile: { debug: ["debug-tool", "ui"], ui: ["ui"] },
    });
    expect(names(await loadTopology({ file, profiles: ["ui"] }))).toEqual(["app", "ui"]);
    expect(names(await loadTopology({ file, profiles: ["debug"] }))).toEqual(["app", "debug-tool", "ui"]);
  });

  it("counts only active services in the analysis (phases, dependencies)", async () => {
    const plain = await loadTopology({ file });
    const debug = await loadTopology({ file, profiles: ["debug"] });
    if (!plain.ok || !debug.ok) throw new Error("expected topologies");
    const services = (t: typeof plain.topology) =>
      analyzeTopology({ topology: t })
        .phases.flatMap((p) => p.services)
        .sort();
    expect(services(plain.topology)).toEqual(["app"]);
    expect(services(debug.topology)).toEqual(["app", "debug-tool", "ui"]);
  });

  it("refuses a dependency on a service its profiles leave off; drops an optional one with a warning", async () => {
    const at = join(fixture("profiles"), "dep.yaml");
    const text = (required: boolean) =>
      `services:\n  app:\n    image: x\n    depends_on:\n      db:\n        condition: service_started\n        required: ${required}\n  db:\n    image: x\n    profiles: [db]\n`;
    const refused = await loadText({ text: text(true), file: at, env: {} });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.errors[0]).toMatchObject({ code: "unknown_dependency", line: 5 });
    expect(refused.errors[0]?.message).toMatch(/depends on "db", which is enabled only by profile db/);
    const optional = await loadText({ text: text(false), file: at, env: {} });
    if (!optional.ok) throw new Error("expected a topology");
    expect(optional.topology.services[0]?.dependsOn).toEqual([]);
    expect(optional.warnings[0]?.message).toMatch(/optional dependency "db"/);
  });
});

describe("include", async () => {
  const file = fixture("include/compose.yaml");
  const result = await loadTopology({ file, folderEnv: false });

  it("copies the included project's services, with its own folder for paths and its own .env", async () => {
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
    const db = result.topology.services.find((s) => s.name === "db");
    expect(db?.image).toBe("ollamamax-local/postgres:15");
    expect(db?.volumes[0]).toMatchObject({ type: "bind", source: fixture("include/db/pgdata") });
    expect(result.topology.services.find((s) => s.name === "app")?.dependsOn[0]?.service).toBe("db");
    expect(result.topology.files).toEqual([file, fixture("include/db/compose.yaml")]);
  });

  it("lets the including project's variables win over the included .env", async () => {
    const local = await loadTopology({ file, folderEnv: false, env: { DB_TAG: "16" } });
    expect(local.ok && local.topology.services.find((s) => s.name === "db")?.image).toBe(
      "ollamamax-local/postgres:16",
    );
  });

  it("locates a problem of an included service in the included file, at its line", async () => {
    const at = join(fixture("include"), "located.yaml");
    const text = "include:\n  - ./db/compose.yaml\nservices:\n  app:\n    image: x\n    depends_on: [db]\n";
    const result = await loadText({ text, file: at, env: { DB_TAG: "15" }, profiles: ["nope"] });
    // an unknown profile is only a warning here; the deploy request refuses it by name
    expect(result.ok).toBe(true);
    const broken = await loadText({
      text: "include:\n  - ./db/compose.yaml\nservices:\n  app:\n    image: x\n",
      file: at,
      env: { DB_TAG: "15" },
      overrideFiles: [fixture("include/db-override.yaml")],
    });
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    expect(broken.errors[0]).toMatchObject({ file: fixture("include/db-override.yaml"), line: 4 });
    expect(broken.errors[0]?.message).toMatch(/services\.extra\.restart: unknown restart policy "sometimes"/);

    const included = await loadText({
      text: "include:\n  - ./bad/compose.yaml\nservices:\n  app:\n    image: x\n",
      file: at,
      env: {},
    });
    expect(!included.ok && included.errors[0]).toMatchObject({
      file: fixture("include/bad/compose.yaml"),
      line: 4,
      path: "services.worker.restart",
    });
  });

  it("passes an included file's own problems through with their file, line and variable", async () => {
    const text = "include:\n  - ./bad/compose.yaml\n  - ./db/compose.yaml\nservices: {}\n";
    const at = join(fixture("include"), "x.yaml");
    const result = await loadText({
      text: "include:\n  - ./bad/required.yaml\nservices: {}\n",
      file: at,
      env: {},
    });
    expect(!result.ok && result.errors[0]).toMatchObject({
      file: fixture("include/bad/required.yaml"),
      line: 3,
      variable: "NEED",
    });
    expect((await loadText({ text, file: at, env: {} })).ok).toBe(false);
  });

  it("refuses a service declared both here and in the included file", async () => {
    const at = join(fixture("include"), "clash.yaml");
    const text = "include:\n  - ./db/compose.yaml\nservices:\n  db:\n    image: other\n";
    const clash = await loadText({ text, file: at, env: {} });
    expect(!clash.ok && clash.errors[0]?.message).toMatch(/"db" is declared here and in the included file/);
  });
});
