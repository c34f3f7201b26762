import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Service, Topology } from "@/lib/compose/types";
import { bindLoadBalancer, isNodeService, readBinding, upstreamNode } from "./binding";
import { parseUpstream } from "./upstream-config";

const dir = mkdtempSync(path.join(tmpdir(), "ollamamax-binding-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(path.join(dir, "nginx"));
copyFileSync("topologies/optimized/nginx/nginx-optimized.conf", path.join(dir, "nginx", "lb.conf"));

const service = (name: string, extra: Partial<Service> = {}): Service => ({
  name,
  image: "i",
  build: null,
  containerName: null,
  command: null,
  entrypoint: null,
  environment: {},
  ports: [],
  volumes: [],
  networks: [],
  dependsOn: [],
  healthcheck: null,
  resources: { cpusLimit: null, memoryLimitBytes: null, cpusReservation: null, memoryReservationBytes: null },
  restart: "no",
  labels: {},
  phase: null,
  line: 1,
  ...extra,
});

const topology: Topology = {
  project: "bindtest",
  file: path.join(dir, "compose.yml"),
  dir,
  contentHash: "x",
  services: [
    service("ollama-node-1", { environment: { NODE_ROLE: "leader" } }),
    service("ollama-node-2", { phase: "Workers" }),
    service("ollama-node-3", { phase: "Workers" }),
    // The guide's name is not required: the mounted file with an upstream is what counts.
    service("front-door", {
      volumes: [
        {
          type: "bind",
          source: path.join(dir, "nginx", "lb.conf"),
          target: "/etc/nginx/nginx.conf",
          readOnly: true,
        },
      ],
    }),
  ],
  networks: [],
  volumes: [],
  requiredVariables: [],
};

describe("bindLoadBalancer", async () => {
  const dataRoot = path.join(dir, "data");
  const { topology: bound, binding } = await bindLoadBalancer({ topology, weights: { worker: 4 }, dataRoot });

  it("finds the load balancer by its mounted upstream and keeps the file's leader weight, overriding the workers'", () => {
    expect(binding).toMatchObject({
      service: "front-door",
      upstreamName: "ollama_cluster",
      port: 8080,
      listenPort: 80,
      keepalive: 32,
      nodeServices: ["ollama-node-1", "ollama-node-2", "ollama-node-3"],
      leaders: ["ollama-node-1"],
      weights: { leader: 3, worker: 4 },
    });
    expect(readBinding({ project: "bindtest", dataRoot })).toEqual(binding);
  });

  it("points the config mount at the generated file and mounts the upstream folder, not a single file", () => {
    const mounts = bound.services.find((s) => s.name === "front-door")?.volumes ?? [];
    const base = path.join(dataRoot, "load-balancer", "bindtest");
    expect(mounts).toEqual([
      {
        type: "bind",
        source: path.join(base, "nginx.conf"),
        target: "/etc/nginx/nginx.conf",
        readOnly: true,
      },
      {
        type: "bind",
        source: path.join(base, "upstream"),
        target: "/etc/nginx/ollamamax-panel",
        readOnly: true,
      },
    ]);
    expect(readFileSync(path.join(base, "nginx.conf"), "utf8")).toContain(
      "include /etc/nginx/ollamamax-panel/upstream.conf;",
    );
    const upstream = parseUpstream(readFileSync(path.join(base, "upstream", "upstream.conf"), "utf8"));
    expect(upstream?.servers.map((s) => `${s.host}=${s.weight}`)).toEqual([
      "ollama-node-1=3",
      "ollama-node-2=4",
      "ollama-node-3=4",
    ]);
    // The shipped file is left as it was.
    expect(readFileSync(path.join(dir, "nginx", "lb.conf"), "utf8")).toContain(
      "server ollama-node-1:8080 weight=3",
    );
  });

  it("counts added workers (same numbered prefix) as nodes, with the worker weight", () => {
    expect(isNodeService(binding!, "ollama-node-7")).toBe(true);
    expect(isNodeService(binding!, "front-door")).toBe(false);
    expect(upstreamNode(binding!, "ollama-node-7")).toEqual({ service: "ollama-node-7", weight: 4 });
  });

  it("serves every replica of a replicated node the upstream names (deploy.replicas on one engine)", async () => {
    const replicated: Topology = {
      ...topology,
      project: "bindreplicas",
      services: topology.services.flatMap((s) =>
        s.name === "ollama-node-3"
          ? [1, 2].map((number) => ({
              ...s,
              name: `ollama-node-3-${number}`,
              replica: { service: s.name, number },
            }))
          : [s],
      ),
    };
    const { binding: replicas } = await bindLoadBalancer({ topology: replicated, dataRoot });
    expect(replicas?.nodeServices).toEqual([
      "ollama-node-1",
      "ollama-node-2",
      "ollama-node-3-1",
      "ollama-node-3-2",
    ]);
    const base = path.join(dataRoot, "load-balancer", "bindreplicas");
    const upstream = parseUpstream(readFileSync(path.join(base, "upstream", "upstream.conf"), "utf8"));
    expect(upstream?.servers.map((s) => `${s.host}:${s.port}`).sort()).toEqual([
      "ollama-node-1:8080",
      "ollama-node-2:8080",
      "ollama-node-3-1:8080",
      "ollama-node-3-2:8080",
    ]);
  });

  it("leaves a topology without an upstream alone", async () => {
    const plain = { ...topology, services: topology.services.slice(0, 3) };
    expect(await bindLoadBalancer({ topology: plain, dataRoot })).toEqual({ topology: plain, binding: null });
  });
});
