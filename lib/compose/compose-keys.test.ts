// The key registry against the Compose JSON schema and the docs: every key of the schema has an
// entry, every entry is a key of the schema, the docs table says what the registry says, and a
// refused key fails the load naming the key, the service and the line.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import composeSpec from "./compose-spec.json" with { type: "json" };
import { keyRows } from "./key-table";
import { KEY_SAMPLE_FILE, SERVICE_KEY_SAMPLES, sampleDocument } from "./key-samples";
import { loadTopology } from "./load-topology";
import { parseTopology } from "./parse-topology";
import { NETWORK_KEYS, SERVICE_KEYS, TOP_LEVEL_KEYS, VOLUME_KEYS } from "./service-keys";

const definitions = composeSpec.definitions as Record<string, { properties?: Record<string, unknown> }>;
const schemaKeys = (properties: Record<string, unknown> | undefined): string[] =>
  Object.keys(properties ?? {}).sort();

const DOC = fileURLToPath(new URL("../../docs/COMPOSE-KEYS.md", import.meta.url));

/** Loads a one-service file whose service carries `key: sample`; returns the text and the result. */
export const loadWithKey = async (key: string, sample: unknown) => {
  const text = stringify(sampleDocument({ [key]: sample }));
  return { text, result: await loadTopology({ text, file: KEY_SAMPLE_FILE, env: {}, folderEnv: false }) };
};

describe("the key registry covers the Compose schema", async () => {
  it.each([
    ["top level", composeSpec.properties, TOP_LEVEL_KEYS],
    ["service", definitions.service?.properties, SERVICE_KEYS],
    ["network", definitions.network?.properties, NETWORK_KEYS],
    ["volume", definitions.volume?.properties, VOLUME_KEYS],
  ])("every %s key of the schema has an entry, and no entry is stale", async (_what, properties, table) => {
    const keys = schemaKeys(properties as Record<string, unknown>);
    expect(keys.length).toBeGreaterThan(4);
    expect(keys.filter((key) => !(key in table))).toEqual([]);
    expect(Object.keys(table).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it("docs/COMPOSE-KEYS.md lists every key with the registry's status and note", async () => {
    const rows = readFileSync(DOC, "utf8")
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) =>
        line
          .slice(1, -1)
          .split(/(?<!\\)\|/)
          .map((cell) => cell.trim()),
      );
    expect(rows).toEqual(keyRows());
  });
});

describe("refused keys fail the load with the key, the service and the line", async () => {
  const refused = Object.entries(SERVICE_KEYS).filter(([, entry]) => entry.status === "refused");
  it.each(refused.map(([key]) => [key]))("%s", async (key) => {
    const { text, result } = await loadWithKey(key, SERVICE_KEY_SAMPLES[key as keyof typeof SERVICE_KEYS]);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    const line = text.split("\n").findIndex((l) => l.trimStart().startsWith(`${key}:`)) + 1;
    expect(errors).toContainEqual(
      expect.objectContaining({ code: "unsupported_key", path: `services.app.${key}`, line }),
    );
    expect(errors.find((e) => e.code === "unsupported_key")?.message).toMatch(
      new RegExp(`^services\\.app\\.${key}: ${key} is not supported: `),
    );
  });

  it("refuses values the panel cannot honour, each at its own key", async () => {
    const text = [
      "services:",
      "  app:",
      "    image: busybox",
      "    scale: 3",
      "    pull_policy: refresh",
      "    deploy:",
      "      replicas: 2",
      "      placement:",
      "        constraints: [node.role==manager]",
      "      restart_policy:",
      "        delay: 5s",
      "    volumes:",
      "      - type: volume",
      "        source: data",
      "        target: /d",
      "        volume:",
      "          subpath: sub",
      "      - ./x:/x:rw,bogus",
      "    devices: [nvidia.com/gpu=all]",
      "    healthcheck:",
      "      test: 'true'",
      "      start_interval: 1s",
      "    networks:",
      "      default:",
      "        mac_address: 02:42:ac:11:00:02",
      "volumes:",
      "  data: {}",
    ].join("\n");
    const result = parseTopology({ text, file: "/tmp/cmpkeys/docker-compose.yml", env: {} });
    expect(result.ok).toBe(false);
    const found = result.ok ? [] : result.errors.map((e) => `${e.path}@${e.line}`);
    expect(found).toEqual(
      expect.arrayContaining([
        "services.app.scale@4",
        "services.app.pull_policy@5",
        "services.app.deploy.restart_policy.delay@11",
        "services.app.volumes.0.volume.subpath@17",
        "services.app.volumes.1@18",
        "services.app.devices.0@19",
        "services.app.healthcheck.start_interval@22",
        "services.app.networks.default.mac_address@25",
      ]),
    );
  });

  it("loads every applied and panel-managed key's sample", async () => {
    const failing: string[] = [];
    for (const [key, entry] of Object.entries(SERVICE_KEYS))
      if (
        entry.status !== "refused" &&
        !(await loadWithKey(key, SERVICE_KEY_SAMPLES[key as keyof typeof SERVICE_KEYS])).result.ok
      )
        failing.push(key);
    expect(failing).toEqual([]);
  });
});
