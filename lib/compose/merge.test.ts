import { describe, expect, it } from "vitest";
import { mergeDocuments, mergeService } from "./merge";

// Each case is an example of the Compose Specification's merge rules (13-merge.md, 05-services.md#extends).
describe("compose merge rules", () => {
  it("merges mappings by key and appends plain sequences", () => {
    expect(
      mergeService({
        base: {
          image: "a",
          dns: ["1.1.1.1"],
          deploy: { resources: { limits: { cpus: "1", memory: "1G" } } },
        },
        over: { dns: ["8.8.8.8"], deploy: { resources: { limits: { cpus: "2" } } } },
      }),
    ).toEqual({
      image: "a",
      dns: ["1.1.1.1", "8.8.8.8"],
      deploy: { resources: { limits: { cpus: "2", memory: "1G" } } },
    });
  });

  it("replaces command, entrypoint and healthcheck.test, keeps the rest of the health check", () => {
    expect(
      mergeService({
        base: { command: ["a"], entrypoint: "x", healthcheck: { test: ["CMD", "a"], interval: "5s" } },
        over: { command: ["b"], entrypoint: ["y"], healthcheck: { test: ["CMD", "b"] } },
      }),
    ).toEqual({ command: ["b"], entrypoint: ["y"], healthcheck: { test: ["CMD", "b"], interval: "5s" } });
  });

  it("merges ports, volumes, devices, secrets and configs by their unique key", () => {
    const merged = mergeService({
      base: {
        ports: ["8080:80", "127.0.0.1:9000:9000/udp"],
        volumes: ["foo:/work", { type: "bind", source: "./a", target: "/a" }],
        devices: ["/dev/a:/dev/x"],
        secrets: ["token", { source: "other", target: "t2" }],
        configs: ["conf"],
      },
      over: {
        ports: ["8080:80", { target: 9000, published: "9000", protocol: "udp", host_ip: "127.0.0.1" }, "81"],
        volumes: ["bar:/work"],
        devices: ["/dev/b:/dev/x"],
        secrets: [{ source: "token", target: "/run/secrets/token", mode: 0o400 }],
        configs: [{ source: "conf2", target: "/conf" }],
      },
    });
    expect(merged.ports).toEqual([
      "8080:80",
      { target: 9000, published: "9000", protocol: "udp", host_ip: "127.0.0.1" },
      "81",
    ]);
    expect(merged.volumes).toEqual(["bar:/work", { type: "bind", source: "./a", target: "/a" }]);
    expect(merged.devices).toEqual(["/dev/b:/dev/x"]);
    expect(merged.secrets).toEqual([
      { source: "token", target: "/run/secrets/token", mode: 0o400 },
      { source: "other", target: "t2" },
    ]);
    expect(merged.configs).toEqual([{ source: "conf2", target: "/conf" }]);
  });

  it("merges list-or-dict keys across forms, and short forms with long ones", () => {
    expect(
      mergeService({
        base: {
          environment: ["A=1", "B=1"],
          labels: { x: "1" },
          build: ".",
          depends_on: ["db"],
          networks: ["front"],
        },
        over: {
          environment: { B: "2", C: null },
          labels: ["y=2"],
          build: { dockerfile: "Other" },
          depends_on: { cache: { condition: "service_healthy" } },
          networks: { back: { aliases: ["b"] } },
        },
      }),
    ).toEqual({
      environment: { A: "1", B: "2", C: null },
      labels: { x: "1", y: "2" },
      build: { context: ".", dockerfile: "Other" },
      depends_on: { db: { condition: "service_started" }, cache: { condition: "service_healthy" } },
      networks: { front: null, back: { aliases: ["b"] } },
    });
  });

  it("removes duplicates from cap_add and the like, but not from dns", () => {
    expect(
      mergeService({
        base: { cap_add: ["NET_ADMIN"], dns: ["1.1.1.1"] },
        over: { cap_add: ["NET_ADMIN", "SYS_TIME"], dns: ["1.1.1.1"] },
      }),
    ).toEqual({ cap_add: ["NET_ADMIN", "SYS_TIME"], dns: ["1.1.1.1", "1.1.1.1"] });
  });

  it("honours !reset and !override paths of the override file, and adds new services and resources", () => {
    const merged = mergeDocuments({
      base: {
        services: { app: { image: "a", ports: ["80:80"], environment: { FOO: "bar", KEEP: "1" } } },
        volumes: { data: { driver: "local" } },
      },
      over: {
        services: { app: { ports: ["443:443"] }, extra: { image: "b" } },
        volumes: { data: null, more: {} },
      },
      tags: { reset: [["services", "app", "environment", "FOO"]], override: [["services", "app", "ports"]] },
    });
    expect(merged).toEqual({
      services: {
        app: { image: "a", ports: ["443:443"], environment: { KEEP: "1" } },
        extra: { image: "b" },
      },
      volumes: { data: { driver: "local" }, more: {} },
    });
  });
});
