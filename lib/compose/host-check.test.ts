import { describe, expect, it } from "vitest";
import { hostCheckOf } from "./host-check";
import { loadTopology } from "./index";
import { SHIPPED, TEST_SECRETS } from "./test-support";

describe("hostCheckOf", async () => {
  it.each([
    [
      "CMD-SHELL",
      "curl -f http://localhost:8080/health || exit 1",
      { kind: "http", port: 8080, path: "/health", failOnHttpError: true },
    ],
    [
      "CMD-SHELL",
      "curl -f http://localhost/health || exit 1",
      { kind: "http", port: 80, path: "/health", failOnHttpError: true },
    ],
    [
      "CMD-SHELL",
      "timeout 3 curl -f http://localhost:8080/health || exit 1",
      { kind: "http", port: 8080, path: "/health", failOnHttpError: true },
    ],
    [
      "CMD-SHELL",
      "curl -s http://127.0.0.1:9000/",
      { kind: "http", port: 9000, path: "/", failOnHttpError: false },
    ],
    [
      "CMD-SHELL",
      "wget -q --spider http://localhost:16686/ || exit 1",
      { kind: "http", port: 16686, path: "/", failOnHttpError: true },
    ],
    [
      "CMD-SHELL",
      "wget -q -O- http://localhost:8080/health",
      { kind: "http", port: 8080, path: "/health", failOnHttpError: true },
    ],
    ["CMD-SHELL", "pg_isready -U ollama", { kind: "postgres", port: 5432, user: "ollama", database: null }],
  ])("%s %s", (form, line, expected) => {
    expect(hostCheckOf([form, line])).toEqual(expected);
  });

  it("reads the CMD form", async () => {
    expect(hostCheckOf(["CMD", "redis-cli", "ping"])).toEqual({ kind: "redis", port: 6379 });
    expect(hostCheckOf(["CMD", "pg_isready", "-U", "u", "-d", "db", "-p", "6543"])).toEqual({
      kind: "postgres",
      port: 6543,
      user: "u",
      database: "db",
    });
  });

  it.each([
    ["CMD-SHELL", "curl -f http://other-host:8080/health"],
    ["CMD-SHELL", "curl -f http://localhost:8080/health && touch /x"],
    ["CMD-SHELL", "curl -f http://localhost:$PORT/health"],
    ["CMD-SHELL", "curl -fL http://localhost:8080/health"],
    ["CMD-SHELL", "curl -f -H 'Host: x' http://localhost:8080/"],
    ["CMD-SHELL", "curl -f https://localhost:8443/"],
    ["CMD-SHELL", "test -f /tmp/ready"],
    ["CMD-SHELL", "mc ready local"],
    ["CMD-SHELL", "wget -q --spider http://localhost:9090/a | grep ok"],
  ])("leaves %s %s to exec", (form, line) => {
    expect(hostCheckOf([form, line])).toBeNull();
  });
  it("leaves other CMD programs, auth and remote hosts to exec", async () => {
    expect(hostCheckOf(["CMD", "true"])).toBeNull();
    expect(hostCheckOf(["CMD", "redis-cli", "-a", "secret", "ping"])).toBeNull();
    expect(hostCheckOf(["CMD", "redis-cli", "-h", "cache", "ping"])).toBeNull();
    expect(hostCheckOf(["CMD", "pg_isready", "-h", "db"])).toBeNull();
  });

  it.each(["original", "optimized"] as const)(
    "recognises every health check of the shipped %s topology",
    async (name) => {
      const loaded = await loadTopology({ file: SHIPPED[name], env: TEST_SECRETS });
      if (!loaded.ok) throw new Error("does not load");
      const checks = loaded.topology.services
        .filter((s) => s.healthcheck)
        .map((s) => [s.name, hostCheckOf(s.healthcheck?.test ?? [])?.kind]);
      expect(checks.every(([, kind]) => kind !== undefined)).toBe(true);
      expect(Object.fromEntries(checks)).toMatchObject({
        postgres: "postgres",
        redis: "redis",
        minio: "http",
        "load-balancer": "http",
        prometheus: "http",
        grafana: "http",
        jaeger: "http",
        "ollama-node-1": "http",
      });
    },
  );
});
