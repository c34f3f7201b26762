import { asRecord, report } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import { normalizePorts } from "./normalize-ports";
import type { Network, PortMapping, Service } from "./types";

const UNSPECIFIED = new Set(["0.0.0.0", "::", ""]);

/** A host port as published by a topology or already in use on the host. */
export type PublishedPort = { hostIp: string; port: number; protocol: string };

/** Two published ports collide: same port and protocol, and same address or one binds all addresses. */
export const portsCollide = ({ a, b }: { a: PublishedPort; b: PublishedPort }): boolean =>
  a.port === b.port &&
  a.protocol === b.protocol &&
  (a.hostIp === b.hostIp || UNSPECIFIED.has(a.hostIp) || UNSPECIFIED.has(b.hostIp));

/** Finds dependency cycles; each is returned once, as the chain of names that closes on itself. */
export const findCycles = ({ services }: { services: Service[] }): string[][] => {
  const byName = new Map(services.map((service) => [service.name, service]));
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    state.set(name, "visiting");
    stack.push(name);
    for (const dependency of byName.get(name)?.dependsOn ?? []) {
      if (!byName.has(dependency.service)) continue;
      const status = state.get(dependency.service);
      if (status === "visiting") {
        const cycle = [...stack.slice(stack.indexOf(dependency.service)), dependency.service];
        const key = [...new Set(cycle)].sort().join("|");
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (status === undefined) visit(dependency.service);
    }
    stack.pop();
    state.set(name, "done");
  };
  for (const service of services) if (!state.has(service.name)) visit(service.name);
  return cycles;
};

/** Semantic checks Compose makes after the schema: dependencies, networks, cycles, host ports. */
export const checkTopology = ({
  ctx,
  services,
  networks,
  rawServices,
}: {
  ctx: NormalizeContext;
  services: Service[];
  networks: Network[];
  rawServices: Record<string, unknown>;
}): void => {
  const names = new Set(services.map((service) => service.name));
  const networkNames = new Set(networks.map((network) => network.name));
  for (const service of services) {
    for (const dependency of service.dependsOn) {
      if (!names.has(dependency.service)) {
        report({
          ctx,
          code: "unknown_dependency",
          path: ["services", service.name, "depends_on", dependency.service],
          message: `depends on "${dependency.service}", which is not a service in this file: fix the name or add the service (services: ${[...names].join(", ")})`,
        });
      }
    }
    for (const network of service.networks) {
      if (!networkNames.has(network.name)) {
        report({
          ctx,
          code: "unknown_network",
          path: ["services", service.name, "networks", network.name],
          message: `network "${network.name}" is not declared: add it under the top-level "networks:" key`,
        });
      }
    }
  }
  for (const cycle of findCycles({ services })) {
    const first = cycle[0] ?? "";
    report({
      ctx,
      code: "dependency_cycle",
      path: ["services", first, "depends_on"],
      message: `dependency cycle ${cycle.join(" → ")}: remove one of these depends_on entries`,
    });
  }
  const published: { service: string; mapping: PortMapping }[] = [];
  for (const service of services) {
    const rawPorts = asRecord(rawServices[service.name])?.ports;
    for (const mapping of service.ports) {
      if (mapping.hostPort === null) continue;
      const port = mapping.hostPort;
      const clash = published.find((other) =>
        portsCollide({
          a: { ...other.mapping, port: other.mapping.hostPort ?? -1 },
          b: { ...mapping, port },
        }),
      );
      if (clash) {
        // Point at the list item that publishes it: re-normalize each item on a scratch context.
        const scratch: NormalizeContext = { ...ctx, errors: [], warnings: [] };
        const index = Array.isArray(rawPorts)
          ? rawPorts.findIndex((item) =>
              normalizePorts({ ctx: scratch, value: [item], path: [] }).some(
                (m) => m.hostPort === port && m.protocol === mapping.protocol,
              ),
            )
          : -1;
        report({
          ctx,
          code: "duplicate_port",
          path: ["services", service.name, "ports", ...(index >= 0 ? [index] : [])],
          message: `host port ${mapping.hostIp}:${port}/${mapping.protocol} is already published by service "${clash.service}": change one of the host ports`,
        });
      }
      published.push({ service: service.name, mapping });
    }
  }
};
