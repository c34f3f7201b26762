// The three clocks of a run from its service timings (ms since the request). Pure.
import type { Topology } from "@/lib/compose/types";
import type { RunClocks, ServiceTiming } from "./types";

type ClockTiming = Pick<ServiceTiming, "service" | "createdAt" | "readyAt" | "dockerHealthyAt">;

const latest = (values: (number | null)[]): number | null =>
  values.length === 0 || values.some((v) => v === null) ? null : Math.max(...(values as number[]));

/**
 * preparation: the first container created; ready: the last service ready by its health command
 * (null unless all were); Docker healthy: the last service Docker reported healthy (null unless all
 * were). A service without a health check (or a one-shot) has nothing more for Docker to confirm:
 * its ready time counts for both.
 */
export const runClocks = ({
  services,
  topology,
  oneShots,
}: {
  services: ClockTiming[];
  topology: Pick<Topology, "services">;
  oneShots: string[];
}): RunClocks => {
  const created = services.map((s) => s.createdAt).filter((v): v is number => v !== null);
  const checked = new Set(
    topology.services.filter((s) => s.healthcheck && !oneShots.includes(s.name)).map((s) => s.name),
  );
  return {
    preparationMs: created.length === 0 ? null : Math.min(...created),
    readyMs: latest(services.map((s) => s.readyAt)),
    dockerHealthyMs: latest(services.map((s) => (checked.has(s.service) ? s.dockerHealthyAt : s.readyAt))),
  };
};
