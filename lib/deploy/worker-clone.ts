// Pure: the service a "scale" run adds — a copy of the topology's last worker under the next free
// number, with its own name, node id and data volume, and no published ports (they would collide
// with the worker it copies; the new node is reached over the cluster's networks by its name).
import type { NamedVolume, Service, Topology } from "@/lib/compose/types";
import { AppError } from "@/lib/errors";

export type WorkerClone = {
  service: Service;
  /** Named volumes the copy gets for itself (the template's own data volumes, renumbered). */
  volumes: NamedVolume[];
  /** The worker it was copied from. */
  template: string;
  /** What differs from the template, for the run's log. */
  notes: string[];
};

const isWorker = (service: Service): boolean =>
  service.phase === "Workers" || service.environment.NODE_ROLE === "worker";

/**
 * Whether a service of the project is a worker: one the topology marks so, or a copy of one (same
 * numbered prefix, a name the topology itself does not use).
 */
export const isWorkerOf = (topology: Pick<Topology, "services">): ((service: string) => boolean) => {
  const workers = topology.services.filter(isWorker);
  const names = new Set(topology.services.map((s) => s.name));
  const prefixes = new Set(workers.flatMap((w) => numbered(w.name)?.prefix ?? []));
  return (service) =>
    workers.some((w) => w.name === service) ||
    (!names.has(service) && prefixes.has(numbered(service)?.prefix ?? "\0"));
};

/** "ollama-node-3" → { prefix: "ollama-node-", number: 3 }; null without a trailing number. */
const numbered = (name: string): { prefix: string; number: number } | null => {
  const match = /^(.*?)(\d+)$/.exec(name);
  return match?.[1] !== undefined && match[2] ? { prefix: match[1], number: Number(match[2]) } : null;
};

/** Replaces `from` with `to` where it stands as a whole token (not inside a longer number or name). */
const renumber = (text: string, from: string, to: string): string =>
  text.replace(
    new RegExp(`(^|[^A-Za-z0-9])${from.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}(?![0-9])`, "g"),
    `$1${to}`,
  );

export type WorkerCloneOptions = {
  topology: Pick<Topology, "services" | "volumes" | "project">;
  /** Service names that already run in the project (earlier scale runs included). */
  existing: string[];
};

/** The next worker to add; throws bad_request when the topology has no numbered worker to copy. */
export const workerClone = ({ topology, existing }: WorkerCloneOptions): WorkerClone => {
  const workers = topology.services.filter(isWorker).flatMap((service) => {
    const parts = numbered(service.name);
    return parts ? [{ service, ...parts }] : [];
  });
  const template = workers.sort((a, b) => a.number - b.number).at(-1);
  if (!template)
    throw new AppError(
      "bad_request",
      `${topology.project} has no worker to copy: mark one service with "x-phase: Workers" or ` +
        `NODE_ROLE=worker, and end its name with a number (e.g. ollama-node-2).`,
    );
  const { service: source, prefix } = template;
  const taken = [...existing, ...topology.services.map((s) => s.name)].flatMap((name) => {
    const parts = numbered(name);
    return parts && parts.prefix === prefix ? [parts.number] : [];
  });
  const next = Math.max(...taken) + 1;
  const name = `${prefix}${next}`;
  const notes: string[] = [];

  const environment = Object.fromEntries(
    Object.entries(source.environment).map(([key, value]) => [key, value === source.name ? name : value]),
  );
  const sharedVolume = (volume: string) =>
    topology.services.some(
      (other) =>
        other.name !== source.name &&
        other.volumes.some((mount) => mount.type === "volume" && mount.source === volume),
    );
  const volumes: NamedVolume[] = [];
  const mounts = source.volumes.map((mount) => {
    if (mount.type !== "volume" || mount.source === null || sharedVolume(mount.source)) return mount;
    const own = topology.volumes.find((volume) => volume.name === mount.source);
    const renamed = renumber(mount.source, String(template.number), String(next));
    const volumeName = renamed !== mount.source ? renamed : `${mount.source}-${name}`;
    volumes.push({
      name: volumeName,
      dockerName: own?.dockerName.replace(mount.source, volumeName) ?? `${topology.project}_${volumeName}`,
      driver: own?.driver ?? "local",
      external: false,
    });
    return { ...mount, source: volumeName };
  });
  if (source.ports.length > 0)
    notes.push(
      `${name} publishes no host ports (${source.name}'s ${source.ports
        .map((p) => p.hostPort)
        .join(", ")} are taken); it is reached over the cluster's networks as ${name}`,
    );
  const service: Service = {
    ...source,
    name,
    containerName: source.containerName ? renumber(source.containerName, source.name, name) : null,
    environment,
    ports: [],
    volumes: mounts,
    networks: source.networks.map((network) => {
      const rest = { ...network };
      delete rest.ipv6Address;
      delete rest.linkLocalIps;
      return {
        ...rest,
        aliases: network.aliases.map((alias) => (alias === source.name ? name : alias)),
        // A fixed address would collide with the template's.
        ipv4Address: null,
      };
    }),
    // A fixed MAC address would collide too; a hostname naming the template names the clone.
    ...(source.runtime
      ? {
          runtime: {
            ...source.runtime,
            macAddress: null,
            hostname: source.runtime.hostname ? renumber(source.runtime.hostname, source.name, name) : null,
          },
        }
      : {}),
  };
  if (service.containerName === source.containerName) service.containerName = null;
  // A copy of a replica is the replicated service's next replica, as `docker compose up --scale` adds it.
  if (source.replica && name === `${source.replica.service}-${next}`)
    service.replica = { service: source.replica.service, number: next };
  else delete service.replica;
  return { service, volumes, template: source.name, notes };
};

/** The next `count` workers to add, numbered one after another. */
export const workerClones = ({
  topology,
  existing,
  count,
}: WorkerCloneOptions & { count: number }): WorkerClone[] => {
  const clones: WorkerClone[] = [];
  for (let i = 0; i < count; i++)
    clones.push(workerClone({ topology, existing: [...existing, ...clones.map((c) => c.service.name)] }));
  return clones;
};
