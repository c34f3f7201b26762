import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  includeUpstream,
  listenPort,
  parseUpstream,
  renderUpstream,
  shippedRoleWeights,
  weightShares,
} from "./upstream-config";

const optimized = readFileSync("topologies/optimized/nginx/nginx-optimized.conf", "utf8");
const original = readFileSync("topologies/original/nginx/nginx.conf", "utf8");

describe("parseUpstream", () => {
  it("reads the optimized file's weighted servers, their parameters and the keepalive pool", () => {
    const upstream = parseUpstream(optimized);
    expect(upstream).toMatchObject({ name: "ollama_cluster", keepalive: 32 });
    expect(upstream?.servers).toEqual([
      { host: "ollama-node-1", port: 8080, weight: 3, params: "max_fails=3 fail_timeout=30s" },
      { host: "ollama-node-2", port: 8080, weight: 2, params: "max_fails=3 fail_timeout=30s" },
      { host: "ollama-node-3", port: 8080, weight: 2, params: "max_fails=3 fail_timeout=30s" },
    ]);
    expect(shippedRoleWeights({ upstream: upstream!, leaders: ["ollama-node-1"] })).toEqual({
      leader: 3,
      worker: 2,
    });
  });

  it("gives unweighted servers weight 1 and no pool (the original's plain round robin)", () => {
    const upstream = parseUpstream(original);
    expect(upstream?.servers.map((s) => s.weight)).toEqual([1, 1, 1]);
    expect(upstream?.keepalive).toBeNull();
  });

  it("answers null for a configuration without an upstream", () => {
    expect(parseUpstream("http { server { listen 80; } }")).toBeNull();
  });

  it("reads the listen port", () => {
    expect(listenPort(optimized)).toBe(80);
    expect(listenPort("server {\n  listen 127.0.0.1:8081;\n}")).toBe(8081);
  });
});

describe("includeUpstream", () => {
  it("replaces only the upstream block, keeping /health, /nginx_status and the timeouts", () => {
    const upstream = parseUpstream(optimized)!;
    const main = includeUpstream({ text: optimized, upstream, includePath: "/etc/nginx/x/upstream.conf" });
    expect(main).toContain("include /etc/nginx/x/upstream.conf;");
    expect(main).not.toContain("server ollama-node-1:8080");
    for (const kept of [
      "location = /health",
      "stub_status",
      "proxy_connect_timeout 5s",
      "keepalive_timeout 65",
    ])
      expect(main).toContain(kept);
    expect(parseUpstream(main)).toBeNull();
  });
});

describe("renderUpstream", () => {
  const base = {
    name: "ollama_cluster",
    port: 8080,
    params: "max_fails=3 fail_timeout=30s",
    keepalive: 32,
    at: "T",
  };

  it("writes one weighted server per node in number order, a shared zone and the keepalive pool", () => {
    const text = renderUpstream({
      ...base,
      nodes: [
        { service: "ollama-node-10", weight: 2 },
        { service: "ollama-node-1", weight: 3 },
        { service: "ollama-node-4", weight: 2 },
      ],
    });
    expect(text.split("\n").filter((l) => l.trim().startsWith("server"))).toEqual([
      "    server ollama-node-1:8080 weight=3 max_fails=3 fail_timeout=30s;",
      "    server ollama-node-4:8080 weight=2 max_fails=3 fail_timeout=30s;",
      "    server ollama-node-10:8080 weight=2 max_fails=3 fail_timeout=30s;",
    ]);
    expect(text).toContain("zone ollama_cluster 64k;");
    expect(text).toContain("keepalive 32;");
    // What it renders parses back to the same servers.
    expect(parseUpstream(text)?.servers.map((s) => [s.host, s.weight])).toEqual([
      ["ollama-node-1", 3],
      ["ollama-node-4", 2],
      ["ollama-node-10", 2],
    ]);
  });

  it("omits keepalive when the shipped file had none", () => {
    expect(renderUpstream({ ...base, keepalive: null, nodes: [{ service: "a1", weight: 1 }] })).not.toContain(
      "keepalive",
    );
  });

  it("refuses an empty upstream and weights nginx would not take", () => {
    expect(() => renderUpstream({ ...base, nodes: [] })).toThrow(/at least one node/);
    expect(() => renderUpstream({ ...base, nodes: [{ service: "n1", weight: 0 }] })).toThrow(/1 to 100/);
    expect(() => renderUpstream({ ...base, nodes: [{ service: "n1", weight: 1.5 }] })).toThrow(
      /whole number/,
    );
  });
});

describe("weightShares", () => {
  it("is each weight over the sum (leader 3, two workers 2: 3/7, 2/7, 2/7)", () => {
    const shares = weightShares([
      { service: "n1", weight: 3 },
      { service: "n2", weight: 2 },
      { service: "n3", weight: 2 },
    ]);
    expect(shares.n1).toBeCloseTo(3 / 7);
    expect(shares.n2).toBeCloseTo(2 / 7);
  });
});
