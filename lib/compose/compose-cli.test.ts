import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadTopology, parseTopology } from "./index";
import type { Service } from "./index";
import { SHIPPED, TEST_SECRETS } from "./test-support";

// Debian's docker-compose 1.29: `config` parses, interpolates and normalizes without an engine.
const COMPOSE = "/usr/bin/docker-compose";
const hasCompose = existsSync(COMPOSE);

type CliService = {
  image?: string;
  environment?: Record<string, string | number | null>;
  ports?: { published?: number | string; target: number; protocol?: string; host_ip?: string }[];
  networks?: Record<string, { aliases?: string[] } | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: {
    test: string[];
    interval?: string;
    timeout?: string;
    retries?: number;
    start_period?: string;
  };
  deploy?: {
    resources?: {
      limits?: { cpus?: number | string; memory?: string };
      reservations?: { cpus?: number | string; memory?: string };
    };
  };
  volumes?: string[];
};

const composeConfig = (
  file: string,
  env: Record<string, string>,
): { services: Record<string, CliService> } => {
  const output = execFileSync(COMPOSE, ["-f", file, "config"], {
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    stdio: "pipe",
  });
  return parse(output) as { services: Record<string, CliService> };
};

// Independent of our units module on purpose: only the forms the shipped files use.
const ms = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const match = /^(\d+)(ms|s|m)$/.exec(text);
  if (!match) throw new Error(`unexpected duration ${text}`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000 }[match[2] as "ms" | "s" | "m"];
};
const bytes = (text: string | undefined): number | null => {
  if (text === undefined) return null;
  const match = /^(\d+)([KMG])$/.exec(text);
  if (!match) throw new Error(`unexpected memory ${text}`);
  return Number(match[1]) * 1024 ** { K: 1, M: 2, G: 3 }[match[2] as "K" | "M" | "G"];
};
const cpus = (value: number | string | undefined): number | null =>
  value === undefined ? null : Number(value);
// `config` re-escapes a literal "$" as "$$" so its output stays valid input.
const unescape = (value: string | number | null): string => String(value ?? "").replace(/\$\$/g, "$");

const compareService = (ours: Service, theirs: CliService) => {
  expect(ours.image).toBe(theirs.image);
  expect(ours.environment).toEqual(
    Object.fromEntries(
      Object.entries(theirs.environment ?? {}).map(([key, value]) => [key, unescape(value)]),
    ),
  );
  expect(
    ours.ports.map((port) => ({
      published: port.hostPort,
      target: port.containerPort,
      protocol: port.protocol,
    })),
  ).toEqual(
    (theirs.ports ?? []).map((port) => ({
      published: port.published === undefined ? null : Number(port.published),
      target: port.target,
      protocol: port.protocol ?? "tcp",
    })),
  );
  expect(ours.networks.map((network) => network.name).sort()).toEqual(
    Object.keys(theirs.networks ?? { default: null }).sort(),
  );
  for (const network of ours.networks) {
    const aliases = theirs.networks?.[network.name]?.aliases ?? [];
    expect(network.aliases.slice().sort()).toEqual([...new Set([ours.name, ...aliases])].sort());
  }
  // `config` sorts keys; compare the sets.
  expect(ours.dependsOn.map((dependency) => `${dependency.service}:${dependency.condition}`).sort()).toEqual(
    Object.entries(theirs.depends_on ?? {})
      .map(([service, options]) => `${service}:${options.condition}`)
      .sort(),
  );
  if (theirs.healthcheck) {
    expect(ours.healthcheck).toMatchObject({
      test: theirs.healthcheck.test,
      intervalMs: ms(theirs.healthcheck.interval),
      timeoutMs: ms(theirs.healthcheck.timeout),
      retries: theirs.healthcheck.retries,
      startPeriodMs: ms(theirs.healthcheck.start_period),
    });
  } else expect(ours.healthcheck).toBeNull();
  const resources = theirs.deploy?.resources;
  expect(ours.resources).toEqual({
    cpusLimit: cpus(resources?.limits?.cpus),
    memoryLimitBytes: bytes(resources?.limits?.memory),
    cpusReservation: cpus(resources?.reservations?.cpus),
    memoryReservationBytes: bytes(resources?.reservations?.memory),
  });
  expect(
    ours.volumes.map((volume) => `${volume.source}:${volume.target}:${volume.readOnly ? "ro" : "rw"}`),
  ).toEqual(
    (theirs.volumes ?? []).map((volume) => (volume.split(":").length === 2 ? `${volume}:rw` : volume)),
  );
};

describe.skipIf(!hasCompose)("our engine agrees with docker-compose 1.29 `config`", () => {
  for (const [name, file] of Object.entries(SHIPPED)) {
    it(`${name}: every service, field by field`, async () => {
      const theirs = composeConfig(file, TEST_SECRETS);
      const ours = await loadTopology({ file, env: TEST_SECRETS });
      if (!ours.ok) throw new Error(ours.errors.map((error) => error.message).join("\n"));
      expect(ours.topology.services.map((service) => service.name).sort()).toEqual(
        Object.keys(theirs.services).sort(),
      );
      for (const service of ours.topology.services) {
        const cli = theirs.services[service.name];
        if (!cli) throw new Error(`docker-compose has no ${service.name}`);
        compareService(service, cli);
      }
    });
  }

  it("refuses the shipped files without secrets, as we do", async () => {
    expect(() => composeConfig(SHIPPED.optimized, {})).toThrow();
    const ours = await loadTopology({ file: SHIPPED.optimized, env: {} });
    expect(ours.ok).toBe(false);
  });

  it("interpolates every form 1.29 knows exactly as we do (:+, + and nesting are Compose v2 only)", async () => {
    const forms = [
      "${SET}",
      "$SET",
      "${UNSET}",
      "${UNSET:-d}",
      "${EMPTY:-d}",
      "${EMPTY-d}",
      "${UNSET-d}",
      "$$SET",
      "a$${SET}b",
      "${SET:?e}",
      "${EMPTY?e}",
      "${SET-x}y",
    ];
    const environment = Object.fromEntries(forms.map((form, index) => [`V${index}`, form]));
    const dir = mkdtempSync(join(tmpdir(), "compose-interp-"));
    try {
      const file = join(dir, "docker-compose.yml");
      const text = `services:\n  s:\n    image: x\n    environment:\n${Object.entries(environment)
        .map(([key, value]) => `      ${key}: '${value}'`)
        .join("\n")}\n`;
      writeFileSync(file, text);
      const env = { SET: "value", EMPTY: "" };
      const theirs = composeConfig(file, env).services.s?.environment ?? {};
      const ours = parseTopology({ text, file, env });
      if (!ours.ok) throw new Error(ours.errors.map((error) => error.message).join("\n"));
      expect(ours.topology.services[0]?.environment).toEqual(
        Object.fromEntries(Object.entries(theirs).map(([key, value]) => [key, unescape(value)])),
      );
      expect(ours.topology.services[0]?.environment.V0).toBe("value");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
