// Which other services a service's bind-mounted configuration files name (nginx upstreams,
// Prometheus scrape targets…). nginx refuses to start when an upstream name does not resolve, so
// a deploy that starts services as early as their depends_on allows must also wait for these.
import { readFileSync, statSync } from "node:fs";
import type { Topology } from "./types";

const MAX_CONFIG_BYTES = 256 * 1024;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const readSmallFile = (path: string): string | null => {
  try {
    const stat = statSync(path);
    return stat.isFile() && stat.size <= MAX_CONFIG_BYTES ? readFileSync(path, "utf8") : null;
  } catch {
    return null;
  }
};

/** For each service, the other services named as host names in its bind-mounted files. */
export const mountedReferences = ({
  topology,
}: {
  topology: Pick<Topology, "services">;
}): Record<string, string[]> => {
  const names = topology.services.map((service) => service.name);
  return Object.fromEntries(
    topology.services.map((service) => {
      const texts = service.volumes
        .flatMap((v) => (v.type === "bind" ? [readSmallFile(v.source)] : []))
        .filter((t): t is string => t !== null);
      const named = names.filter(
        (other) =>
          other !== service.name &&
          texts.some((text) => new RegExp(`(^|[^\\w.-])${escape(other)}([^\\w.-]|$)`, "m").test(text)),
      );
      return [service.name, named];
    }),
  );
};
