// Risks read from the topology model and the measured run: single points of failure on the critical
// path, services without a health check or a restart policy, data without a volume, ports published
// beyond loopback, limits above the host. Pure.
import type { Service } from "@/lib/compose/types";
import { formatBytes, formatCpus } from "@/lib/format";
import type { Risk } from "./types";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

// Images that keep state in their data directory: without a volume or a bind mount their data is
// gone with the container. By image name, as the topology model knows nothing of an image's VOLUMEs.
const STATEFUL_IMAGE =
  /(^|\/)(postgres|mysql|mariadb|mongo|redis|minio|elasticsearch|prometheus|grafana|ollama)([:@]|$)/;

/** Whether the image is one that keeps data (by name). */
export const isStatefulImage = (image: string): boolean => STATEFUL_IMAGE.test(image.toLowerCase());

const replicasOf = (s: Service): number => s.swarm?.replicas ?? 1;

/** Every risk of the topology; `criticalPath` (measured, else static) marks the ones on it. */
export const risksOf = ({
  services,
  criticalPath,
  host,
}: {
  services: Service[];
  criticalPath: string[];
  host: { cpus: number | null; memoryBytes: number | null };
}): Risk[] => {
  const onPath = new Set(criticalPath);
  const dependents = new Map<string, string[]>();
  for (const s of services)
    for (const d of s.dependsOn) dependents.set(d.service, [...(dependents.get(d.service) ?? []), s.name]);
  const risks: Risk[] = [];
  for (const s of services) {
    const on = onPath.has(s.name);
    const add = (kind: Risk["kind"], detail: string) =>
      risks.push({ kind, service: s.name, onCriticalPath: on, detail });
    const needed = dependents.get(s.name) ?? [];
    if (on && needed.length > 0 && replicasOf(s) <= 1)
      add(
        "single-point-of-failure",
        `one container on the critical path that ${needed.join(", ")} depend${needed.length === 1 ? "s" : ""} on`,
      );
    if (!s.healthcheck)
      add(
        "no-health-check",
        s.healthcheckDisabled
          ? "its health check is disabled: ready means running"
          : "no health check: ready means running, not serving",
      );
    if (s.restart === "no") add("no-restart-policy", "restart: no — a crash leaves it down");
    if (isStatefulImage(s.image) && !s.volumes.some((v) => v.type === "volume" || v.type === "bind"))
      add("data-without-volume", `${s.image} keeps data, but no volume or bind mount holds it`);
    for (const p of s.ports)
      if (p.hostPort !== null && !LOOPBACK.has(p.hostIp))
        add(
          "port-beyond-loopback",
          `${p.hostIp || "0.0.0.0"}:${p.hostPort} → ${p.containerPort}/${p.protocol} is reachable from other machines`,
        );
    const { cpusLimit, memoryLimitBytes } = s.resources;
    if (host.cpus !== null && cpusLimit !== null && cpusLimit > host.cpus)
      add("limit-above-host", `CPU limit ${formatCpus(cpusLimit)} above the host's ${host.cpus} CPUs`);
    if (host.memoryBytes !== null && memoryLimitBytes !== null && memoryLimitBytes > host.memoryBytes)
      add(
        "limit-above-host",
        `memory limit ${formatBytes(memoryLimitBytes)} above the host's ${formatBytes(host.memoryBytes)}`,
      );
  }
  // The critical path's risks first, then by kind.
  return risks.sort((a, b) => Number(b.onCriticalPath) - Number(a.onCriticalPath));
};
