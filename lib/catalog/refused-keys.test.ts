// What POST /api/topologies answers for a file with a key the panel does not apply: a 400 that
// names the key, the service and the line, and nothing written; a host-reaching key the panel
// applies is judged by the deploy policy instead (operators refused, with its rule).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { addTopology } from "./add-topology";
import { TOPOLOGIES_ROOT } from "./topologies";

const name = `cmpkeys-${process.pid}`;

const refusal = async (text: string): Promise<{ code: string; message: string }> => {
  try {
    await addTopology({ name, text });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { code: error.code, message: error.message };
  }
  throw new Error("the file was accepted");
};

describe("adding a file with keys the panel does not apply", () => {
  it("refuses it naming key, service and line, and writes nothing", async () => {
    const answer = await refusal(
      ["services:", "  web:", "    image: busybox", "    links: [db]", "  db:", "    image: busybox"].join(
        "\n",
      ),
    );
    expect(answer.code).toBe("bad_request");
    expect(answer.message).toMatch(/line 4: services\.web\.links: links is not supported: /);
    expect(existsSync(join(TOPOLOGIES_ROOT, name))).toBe(false);
  });

  it("sends an applied host-reaching key (uts: host) to the deploy policy, not to a load error", async () => {
    const answer = await refusal(["services:", "  web:", "    image: busybox", "    uts: host"].join("\n"));
    expect(answer.message).toMatch(/line 4: services\.web\.uts: .*\(rule uts_host;/);
    expect(existsSync(join(TOPOLOGIES_ROOT, name))).toBe(false);
  });

  it.each([
    [
      "a local volume bind-mounting / (driver_opts)",
      [
        "services:",
        "  web:",
        "    image: busybox",
        "    volumes: [hostroot:/host]",
        "volumes:",
        "  hostroot:",
        "    driver: local",
        "    driver_opts:",
        "      type: none",
        "      o: bind",
        "      device: /",
      ],
      /line 11: volumes\.hostroot\.driver_opts\.device: mounts \/, .*\(rule (panel_folder|docker_socket);/,
    ],
    [
      "another project's volume by name",
      [
        "services:",
        "  web:",
        "    image: busybox",
        "    volumes: [g:/data]",
        "volumes:",
        "  g:",
        "    name: optimized_grafana-data",
      ],
      /line 7: volumes\.g\.name: .*optimized_grafana-data.*\(rule external_volume;/,
    ],
    [
      "another project's network, external",
      [
        "services:",
        "  web:",
        "    image: busybox",
        "    networks: [n]",
        "networks:",
        "  n:",
        "    external: true",
        "    name: optimized_infra-net",
      ],
      /line 7: networks\.n\.external: .*optimized_infra-net.*\(rule external_network;/,
    ],
    [
      "a build on the host's network",
      ["services:", "  web:", "    image: mine", "    build:", "      context: .", "      network: host"],
      /line 6: services\.web\.build\.network: .*\(rule build_network;/,
    ],
    [
      "the engine's host by host-gateway",
      ["services:", "  web:", "    image: busybox", "    extra_hosts:", '      - "panel:host-gateway"'],
      /line 4: services\.web\.extra_hosts: .*host-gateway.*\(rule host_gateway;/,
    ],
  ])(
    "refuses an operator's file with %s at add time, naming key and line",
    async (_what, lines, expected) => {
      const answer = await refusal(lines.join("\n"));
      expect(answer.code).toBe("bad_request");
      expect(answer.message).toMatch(expected);
      expect(existsSync(join(TOPOLOGIES_ROOT, name))).toBe(false);
    },
  );
});
