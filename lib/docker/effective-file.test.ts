// The effective file reproduces what the panel deployed: docker-compose 1.29's own reading
// (`config`, no engine needed) of the file generated from the fitted, secret-masked optimized
// topology gives, field by field, what the panel sends the Engine for each container.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fitToHost, loadTopology } from "@/lib/compose";
import { effectiveComposeFile } from "@/lib/compose/effective-file";
import { SHIPPED, TEST_SECRETS } from "@/lib/compose/test-support";
import { maskSecrets } from "@/lib/secrets/mask";
import { fixtureService, fixtureTopology } from "@/test/fixtures/fixture-topology";
import { containerSpec } from "./container-spec";

const COMPOSE = "/usr/bin/docker-compose";

type CliService = {
  image: string;
  container_name: string;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  networks?: Record<string, { aliases?: string[] } | null>;
  healthcheck?: {
    test?: string[];
    interval?: string;
    timeout?: string;
    retries?: number;
    start_period?: string;
  };
  cpus?: number;
  mem_limit?: number | string;
  mem_reservation?: number | string;
};
type CliConfig = { services: Record<string, CliService>; networks: Record<string, { name: string }> };

const NS: Record<string, number> = { ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
/** compose's duration text ("1m30s", "250ms") in nanoseconds. */
const ns = (text: string | undefined): number =>
  [...(text ?? "").matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)].reduce(
    (sum, [, n, u]) => sum + Number(n) * (NS[u ?? "s"] ?? 0),
    0,
  );

describe.skipIf(!existsSync(COMPOSE))("effective compose file of the optimized topology", async () => {
  const loaded = await loadTopology({ file: SHIPPED.optimized, env: TEST_SECRETS });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  // Fitted as on a 2-CPU host, so the limits differ from the file's.
  const deployed = fitToHost({
    topology: loaded.topology,
    host: { cpus: 2, memoryBytes: 8 * 2 ** 30 },
  }).topology;
  const { value: maskedTopology, masked } = maskSecrets({ value: deployed, env: TEST_SECRETS });
  const yaml = effectiveComposeFile({ topology: maskedTopology, masked });
  const dir = mkdtempSync(join(tmpdir(), "effective-"));
  writeFileSync(join(dir, "effective.yml"), yaml);
  writeFileSync(
    join(dir, "secrets.env"),
    Object.entries(TEST_SECRETS)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(""),
  );
  const config = parse(
    execFileSync(
      COMPOSE,
      ["-p", deployed.project, "-f", "effective.yml", "--env-file", "secrets.env", "config"],
      {
        cwd: dir,
        env: { NODE_ENV: "test", PATH: process.env.PATH ?? "" },
        encoding: "utf8",
      },
    ),
  ) as CliConfig;

  it("holds no secret in clear, only ${VAR} references", async () => {
    for (const secret of Object.entries(TEST_SECRETS).filter(([k]) => k !== "MINIO_ROOT_USER"))
      expect(yaml).not.toContain(secret[1]);
    expect(masked).toContain("DB_PASSWORD");
    expect(yaml).toContain("${DB_PASSWORD}");
  });

  it.each(deployed.services.map((s) => s.name))("%s: same container as the panel creates", (name) => {
    const service = deployed.services.find((s) => s.name === name);
    const cli = config.services[name];
    if (!service || !cli) throw new Error(`${name} missing`);
    const {
      name: containerName,
      create,
      extraNetworks,
    } = containerSpec({ service, topology: deployed, runId: "x" });
    const host = create.HostConfig ?? {};
    expect(cli.container_name).toBe(containerName);
    expect(cli.image).toBe(create.Image);
    expect(cli.command ?? null).toEqual(create.Cmd ?? null);
    const env = Object.fromEntries(Object.entries(cli.environment ?? {}).map(([k, v]) => [k, String(v)]));
    expect(env).toEqual(
      Object.fromEntries(
        (create.Env ?? []).map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
      ),
    );
    expect(cli.cpus === undefined ? undefined : Math.round(cli.cpus * 1e9)).toBe(host.NanoCpus);
    expect(cli.mem_limit === undefined ? undefined : Number(cli.mem_limit)).toBe(host.Memory);
    expect(cli.mem_reservation === undefined ? undefined : Number(cli.mem_reservation)).toBe(
      host.MemoryReservation,
    );
    const networks = Object.entries(cli.networks ?? {}).map(([key, value]) => ({
      dockerName: config.networks[key]?.name,
      aliases: [...(value?.aliases ?? [])].sort(),
    }));
    const first = Object.entries(create.NetworkingConfig?.EndpointsConfig ?? {}).map(([dockerName, e]) => ({
      dockerName,
      aliases: [...(e.Aliases ?? [])].sort(),
    }));
    const ours = [
      ...first,
      ...extraNetworks.map((n) => ({ dockerName: n.dockerName, aliases: [...n.aliases].sort() })),
    ];
    expect(networks.sort((a, b) => String(a.dockerName).localeCompare(String(b.dockerName)))).toEqual(
      ours.sort((a, b) => a.dockerName.localeCompare(b.dockerName)),
    );
    const check = create.Healthcheck;
    expect(cli.healthcheck?.test).toEqual(check?.Test);
    expect(ns(cli.healthcheck?.interval)).toBe(check?.Interval);
    expect(ns(cli.healthcheck?.timeout)).toBe(check?.Timeout);
    expect(ns(cli.healthcheck?.start_period)).toBe(check?.StartPeriod);
    expect(cli.healthcheck?.retries).toBe(check?.Retries);
    const ports = (cli.ports ?? []).map((p) => {
      const [spec = "", protocol = "tcp"] = p.split("/");
      const parts = spec.split(":");
      return `${parts[2]}/${protocol} ${parts[0]}:${parts[1]}`;
    });
    const bound = Object.entries(
      host.PortBindings as Record<string, { HostIp: string; HostPort: string }[]>,
    ).flatMap(([key, list]) => list.map((b) => `${key} ${b.HostIp}:${b.HostPort}`));
    expect(ports.sort()).toEqual(bound.sort());
  });
});

describe("effective file health checks", async () => {
  // The image's own HEALTHCHECK runs unless the file switches it off: the effective file says the same.
  it("leaves out a health check the file does not have, and keeps disable: true", async () => {
    const topology = fixtureTopology({
      project: "effective-health",
      services: [
        fixtureService({ name: "plain", healthcheck: null }),
        fixtureService({ name: "off", healthcheck: null, healthcheckDisabled: true }),
      ],
    });
    const services = (parse(effectiveComposeFile({ topology })) as { services: Record<string, object> })
      .services;
    expect(services.plain).not.toHaveProperty("healthcheck");
    expect(services.off).toMatchObject({ healthcheck: { disable: true } });
    expect(
      containerSpec({ service: topology.services[0]!, topology, runId: "r" }).create.Healthcheck,
    ).toBeUndefined();
  });
});
