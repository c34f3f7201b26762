// `network_mode`, `ipc` and `pid` written as "service:<name>" join another service's namespace:
// Compose resolves the name to that service's container and starts it first. Done here, once
// every service is known, so the container spec only ever sees "container:<name>".
import { report } from "./normalize-context";
import { containerNameOf } from "./project-name";
import type { NormalizeContext } from "./normalize-context";
import type { Service } from "./types";

const PREFIX = "service:";

/** Rewrites service references to container references and adds the implied dependencies. */
export const resolveServiceReferences = ({
  ctx,
  services,
}: {
  ctx: NormalizeContext;
  services: Service[];
}): Service[] => {
  const byName = new Map(services.map((service) => [service.name, service]));
  return services.map((service) => {
    const implied = new Set<string>();
    const resolve = (key: string, value: string | null | undefined): string | null => {
      if (!value?.startsWith(PREFIX)) return value ?? null;
      const target = byName.get(value.slice(PREFIX.length));
      if (!target) {
        report({
          ctx,
          code: "unknown_dependency",
          path: ["services", service.name, key],
          message: `${value} names no service of this file: fix the name or add the service`,
        });
        return value;
      }
      implied.add(target.name);
      return `container:${containerNameOf({ service: target, project: ctx.project })}`;
    };
    const networkMode = resolve("network_mode", service.networkMode);
    const access = service.hostAccess;
    const hostAccess = access
      ? { ...access, ipcMode: resolve("ipc", access.ipcMode), pidMode: resolve("pid", access.pidMode) }
      : undefined;
    const known = new Set(service.dependsOn.map((dependency) => dependency.service));
    const dependsOn = [
      ...service.dependsOn,
      ...[...implied]
        .filter((name) => !known.has(name))
        .map((name) => ({
          service: name,
          condition: "service_started" as const,
          required: true,
          restart: false,
        })),
    ];
    return { ...service, networkMode, dependsOn, ...(hostAccess ? { hostAccess } : {}) };
  });
};
