// What each service of a topology is for, and which startup phase the Compare tables count it
// in — read from the file, so a topology with its own service names gets its own phases and nodes.
import { z } from "zod";
import type { Service, Topology } from "./types";

/** The role key: a compose label, so it also marks the container (`docker ps --filter label=…`). */
export const ROLE_LABEL = "org.ollamamax.role";

export const SERVICE_ROLES = ["foundation", "leader", "worker", "load-balancer", "monitoring"] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/** The startup phases of a topology whose services have roles but no `x-phase`, in start order. */
export const ROLE_PHASES = ["Foundation", "Leader", "Workers", "Load Balancer"] as const;
/** Services outside the cluster's startup (monitoring, tools): always counted last. */
export const OTHER_SERVICES_PHASE = "Other services";

const PHASE_OF_ROLE: Record<Exclude<ServiceRole, "monitoring">, string> = {
  foundation: "Foundation",
  leader: "Leader",
  worker: "Workers",
  "load-balancer": "Load Balancer",
};

const isRole = (value: string | undefined): value is ServiceRole =>
  (SERVICE_ROLES as readonly string[]).includes(value ?? "");

/**
 * The shipped topologies' service names, for files that say nothing (the original has neither the
 * label nor `x-phase` on its storage services) and for runs stored before roles were recorded.
 */
export const roleByShippedName = (name: string): ServiceRole | null =>
  ["postgres", "redis", "minio"].includes(name)
    ? "foundation"
    : name === "ollama-node-1"
      ? "leader"
      : /^ollama-node-\d+$/.test(name)
        ? "worker"
        : name === "load-balancer"
          ? "load-balancer"
          : ["prometheus", "grafana", "jaeger"].includes(name)
            ? "monitoring"
            : null;

/** A service's role: the `org.ollamamax.role` label, else its NODE_ROLE (leader/worker), else its name. */
export const serviceRoleOf = (
  service: Pick<Service, "name" | "labels" | "environment">,
): ServiceRole | null => {
  const label = service.labels[ROLE_LABEL];
  if (isRole(label)) return label;
  const nodeRole = service.environment.NODE_ROLE;
  if (nodeRole === "leader" || nodeRole === "worker") return nodeRole;
  return roleByShippedName(service.name);
};

/**
 * The startup phase the Compare tables count a service in: monitoring is never part of the
 * cluster's startup; otherwise the file's `x-phase`, else its role's phase, else "Other services".
 */
export const startupPhaseOf = ({
  phase,
  role,
}: {
  phase: string | null;
  role: ServiceRole | null;
}): string =>
  role === "monitoring"
    ? OTHER_SERVICES_PHASE
    : (phase ?? (role ? PHASE_OF_ROLE[role] : OTHER_SERVICES_PHASE));

/** One service's place in its topology's startup, as a run stores it (settings.startupLayout). */
export type StartupSlot = { service: string; phase: string; role: ServiceRole | null };

/** Every service's startup phase and role, in file order. */
export const startupLayoutOf = (topology: Pick<Topology, "services">): StartupSlot[] =>
  topology.services.map((service) => {
    const role = serviceRoleOf(service);
    return { service: service.name, phase: startupPhaseOf({ phase: service.phase, role }), role };
  });

/** The layout of a run stored without one: by the shipped names. */
export const layoutByShippedNames = (services: string[]): StartupSlot[] =>
  services.map((service) => {
    const role = roleByShippedName(service);
    return { service, phase: startupPhaseOf({ phase: null, role }), role };
  });

/**
 * The phases of several layouts in one order. Layouts of role phases only (the shipped topologies)
 * get all five rows, as the comparison always showed; otherwise the role phases used (in start
 * order), then each layout's own phases in file order, "Other services" last.
 */
export const phaseOrderOf = (layouts: StartupSlot[][]): string[] => {
  const phases = layouts.flatMap((layout) => layout.map((slot) => slot.phase));
  const isRolePhase = (phase: string) => (ROLE_PHASES as readonly string[]).includes(phase);
  const own = phases.filter((phase) => phase !== OTHER_SERVICES_PHASE && !isRolePhase(phase));
  if (own.length === 0) return [...ROLE_PHASES, OTHER_SERVICES_PHASE];
  const used = new Set(phases);
  return [
    ...ROLE_PHASES.filter((phase) => used.has(phase)),
    ...new Set(own),
    ...(used.has(OTHER_SERVICES_PHASE) ? [OTHER_SERVICES_PHASE] : []),
  ];
};

const ZStartupLayout = z.array(
  z.object({ service: z.string(), phase: z.string(), role: z.enum(SERVICE_ROLES).nullable() }),
);

/** The layout a run stored in its settings (JSON text or object), or null when it has none. */
export const startupLayoutFromSettings = (settings: unknown): StartupSlot[] | null => {
  let value = settings;
  if (typeof settings === "string") {
    try {
      value = JSON.parse(settings);
    } catch {
      return null;
    }
  }
  const layout = (value as { startupLayout?: unknown } | null)?.startupLayout;
  const parsed = ZStartupLayout.safeParse(layout);
  return parsed.success ? parsed.data : null;
};
