// No error or displayed topology carries a secret's value: the panel's own secrets are never
// interpolated, the cluster's are named by their variable in messages and redacted on the page.
// Through addTopology (what POST /api/topologies calls) and loadPanelTopology (the Topology page).
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { isAppError } from "@/lib/errors";
import { addTopology } from "./add-topology";
import { loadPanelTopology } from "./topologies";

const value = (name: string) => `${name.toLowerCase()}-${randomBytes(6).toString("hex")}`;
/** The panel's own secrets: only in its process environment. */
const PANEL = ["JWT_SECRET", "PANEL_ADMIN_PASSWORD", "DATABASE_URL"].map((n) => [n, value(n)] as const);
/** The cluster's: in the secrets file, and planted in the panel's environment too. */
const CLUSTER = ["DB_PASSWORD", "MINIO_ROOT_PASSWORD", "GRAFANA_PASSWORD"].map((n) => [n, value(n)] as const);
const scratch = mkdtempSync(join(tmpdir(), "ollamamax-echo-"));
const displayed = `echotest-${process.pid}`;

beforeAll(async () => {
  const file = join(scratch, "cluster.env");
  writeFileSync(file, CLUSTER.map(([n, v]) => `${n}=${v}\n`).join(""));
  vi.stubEnv("PANEL_CLUSTER_ENV", file);
  for (const [name, secret] of [...PANEL, ...CLUSTER]) vi.stubEnv(name, secret);
});
afterEach(() => rmSync(resolve("topologies", displayed), { recursive: true, force: true }));
afterAll(async () => {
  vi.unstubAllEnvs();
  rmSync(scratch, { recursive: true, force: true });
});

/** What addTopology answers, as the route would serialize it (message and details). */
const answerTo = async (text: string, admin = false): Promise<string> => {
  try {
    await addTopology({ name: `echo-${process.pid}`, text, admin });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return JSON.stringify({ message: error.message, details: error.details });
  }
  throw new Error("the file was accepted");
};

const PLANTS: [string, (v: string) => string][] = [
  ["restart", (v) => `    restart: "\${${v}}"`],
  ["a port", (v) => `    ports: ["\${${v}}"]`],
  ["a volume", (v) => `    volumes: ["\${${v}}:/x:y:z"]`],
  ["a network", (v) => `    networks: ["\${${v}}"]`],
  ["a capability (policy)", (v) => `    cap_add: ["\${${v}}"]`],
];

describe("secret values never echo", async () => {
  for (const [name, secret] of [...PANEL, ...CLUSTER])
    it.each(PLANTS)(`${name} planted in %s`, async (_where, plant) => {
      const answer = await answerTo(`services:\n  app:\n    image: busybox\n${plant(name)}\n`);
      expect(answer).not.toContain(secret);
      // A cluster secret is interpolated, and the error names its variable instead of its value.
      if (CLUSTER.some(([n]) => n === name)) expect(answer).toContain(`\${${name}}`);
    });

  it("the panel's own secrets do not reach a topology at all", async () => {
    const answer = await answerTo(
      `services:\n  app:\n    image: busybox\n    restart: "x\${JWT_SECRET}\${DATABASE_URL}"\n`,
    );
    expect(answer).toContain('unknown restart policy \\"x\\"');
  });

  it("the Topology page shows no cluster secret planted in names, labels or paths", async () => {
    const dir = resolve("topologies", displayed);
    mkdirSync(dir);
    writeFileSync(
      join(dir, "docker-compose.yml"),
      [
        "services:",
        "  app:",
        "    image: busybox",
        '    labels: { note: "${DB_PASSWORD}" }',
        '    networks: ["${GRAFANA_PASSWORD}"]',
        '    volumes: ["./${MINIO_ROOT_PASSWORD}:/x"]',
        "networks:",
        "  ${GRAFANA_PASSWORD}: {}",
        "",
      ].join("\n"),
    );
    const loaded = await loadPanelTopology({ name: displayed, forDisplay: true });
    const shown = JSON.stringify({ result: loaded?.result, policy: loaded?.policy });
    expect(shown.length).toBeGreaterThan(100);
    for (const [, secret] of CLUSTER) expect(shown).not.toContain(secret);
  });
});

describe("YAML alias bombs", async () => {
  it("answer bad_request (400) with what to change, not a crash", async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    let previous = "a";
    for (const anchor of "bcdefghi") {
      lines.push(`${anchor}: &${anchor} [${Array(9).fill(`*${previous}`).join(",")}]`);
      previous = anchor;
    }
    const answer = await answerTo(
      `services:\n  app:\n    image: busybox\nx-bomb:\n  ${lines.join("\n  ")}\n`,
    );
    expect(answer).toMatch(/aliases expand too much/);
  });
});
