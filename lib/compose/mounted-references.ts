// Which other services a service's bind-mounted configuration files name (nginx upstreams,
// Prometheus scrape targets…). nginx refuses to start when an upstream name does not resolve, so
// a deploy that starts services as early as their depends_on allows must also wait for these.
import type { Topology } from "./types";

/** Bind-mounted files larger than this are not searched (loadTopology reads them confined). */
export const MAX_CONFIG_BYTES = 256 * 1024;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** For each service, the other services named as host names in its bind-mounted files. */
export const mountedReferences = ({
  topology,
  texts,
}: {
  topology: Pick<Topology, "services">;
  /** The bind-mounted files' texts by host path, as the confined reader read them. */
  texts: ReadonlyMap<string, string>;
}): Record<string, string[]> => {
  const names = topology.services.map((service) => service.name);
  return Object.fromEntries(
    topology.services.map((service) => {
      const own = service.volumes
        .flatMap((v) => (v.type === "bind" ? [texts.get(v.source) ?? null] : []))
        .filter((t): t is string => t !== null);
      const named = names.filter(
        (other) =>
          other !== service.name &&
          own.some((text) => new RegExp(`(^|[^\\w.-])${escape(other)}([^\\w.-]|$)`, "m").test(text)),
      );
      return [service.name, named];
    }),
  );
};
