import { describe, expect, it } from "vitest";
import { parseTopology } from "@/lib/compose";
import type { ServiceStatus } from "@/lib/deploy/status";
import { topologyImageRows } from "./topology-images";

const topology = (() => {
  const result = parseTopology({
    text: [
      "name: shop",
      "services:",
      "  web:",
      "    image: 127.0.0.1:5000/shop/web:1",
      "    pull_policy: daily",
      "  worker:",
      "    image: 127.0.0.1:5000/shop/worker:1",
      "    pull_policy: always",
      "    deploy: { replicas: 2 }",
      "  worker-cache:",
      "    image: busybox",
    ].join("\n"),
    file: "/tmp/images/docker-compose.yml",
    env: {},
  });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
  return result.topology;
})();

const running = (service: string, imageOutdated: boolean): ServiceStatus => ({
  service,
  container: `shop-${service}`,
  id: service,
  image: "i",
  state: "running",
  health: null,
  ports: [],
  startedAt: null,
  uptimeMs: null,
  runId: null,
  imageId: imageOutdated ? "sha256:old" : "sha256:new",
  taggedImageId: "sha256:new",
  imageOutdated,
});

describe("the Topology page's Images section", () => {
  it("shows each service's pull_policy and replicas, and marks replicas whose tag names a newer image", () => {
    const rows = topologyImageRows({
      topology,
      status: { services: [running("web", false), running("worker-1", true), running("worker-2", false)] },
    });
    expect(rows).toEqual([
      {
        service: "web",
        image: "127.0.0.1:5000/shop/web:1",
        pullPolicy: "every 24h",
        replicas: 1,
        containers: [{ container: "shop-web", state: "running", imageOutdated: false }],
      },
      {
        service: "worker",
        image: "127.0.0.1:5000/shop/worker:1",
        pullPolicy: "always",
        replicas: 2,
        containers: [
          { container: "shop-worker-1", state: "running", imageOutdated: true },
          { container: "shop-worker-2", state: "running", imageOutdated: false },
        ],
      },
      // Not a replica of worker: a service of its own, with the default policy.
      { service: "worker-cache", image: "busybox", pullPolicy: "missing", replicas: 1, containers: [] },
    ]);
  });

  it("shows the file alone when the engine did not answer", () => {
    expect(topologyImageRows({ topology, status: null }).every((r) => r.containers.length === 0)).toBe(true);
  });
});
