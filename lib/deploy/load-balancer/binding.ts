// The panel's hold on a topology's load balancer: which service it is (the one whose bind-mounted
// nginx configuration has an upstream naming the topology's services), and the files the panel
// generates for it under data/load-balancer/<project>/, kept there so a restarted panel finds them.
//
// Why a directory mount for the upstream: Docker bind-mounts a single file by inode. Writing a new
// file and renaming it over the old one (what editors and atomic writers do) leaves the container
// on the old inode, so nginx would keep reading the old upstream forever. The upstream therefore
// lives in a mounted *directory*, where a rename is seen at once; the main nginx.conf is still a
// single-file mount, but it is written once before the container is created and never again.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { readConfinedFile } from "@/lib/compose/confined-file";
import type { Service, Topology } from "@/lib/compose/types";
import { serviceRoleOf } from "@/lib/compose/service-roles";
import {
  includeUpstream,
  listenPort,
  parseUpstream,
  renderUpstream,
  shippedRoleWeights,
  type RoleWeights,
  type ShippedUpstream,
  type UpstreamNode,
} from "./upstream-config";

/** Where the generated upstream folder is mounted in the load balancer's container. */
export const CONTAINER_UPSTREAM_DIR = "/etc/nginx/ollamamax-panel";
const UPSTREAM_FILE = "upstream.conf";

/** What a deploy stored about its load balancer (binding.json), read back by scale runs. */
export const ZLoadBalancerBinding = z.object({
  project: z.string(),
  /** The load balancer's service name. */
  service: z.string(),
  upstreamName: z.string(),
  /** The nodes' port as the shipped upstream names it. */
  port: z.number().int(),
  /** The port the load balancer itself listens on in its container. */
  listenPort: z.number().int(),
  params: z.string(),
  keepalive: z.number().int().nullable(),
  /** The nodes the shipped file lists; added workers share their numbered prefix. */
  nodeServices: z.array(z.string()),
  leaders: z.array(z.string()),
  weights: z.object({ leader: z.number().int(), worker: z.number().int() }),
  /** Folder of the generated files on the host. */
  dir: z.string(),
});
export type LoadBalancerBinding = z.infer<typeof ZLoadBalancerBinding>;

/** The default root of generated files: the panel's data folder. */
export const defaultDataRoot = (): string => path.resolve("data");

/** The folder of a project's generated load-balancer files (binding.json, nginx.conf, upstream/). */
export const bindingDir = ({ dataRoot, project }: { dataRoot: string; project: string }) =>
  path.join(dataRoot, "load-balancer", project);

const isLeader = (service: Service): boolean =>
  service.phase === "Leader" || serviceRoleOf(service) === "leader";

/**
 * The load balancer of a topology and its shipped upstream, or null when it has none. Its nginx
 * configuration is a file the topology names: read through the confined reader (lib/compose).
 */
export const findLoadBalancer = async (
  topology: Pick<Topology, "services" | "dir">,
): Promise<{ service: Service; mountIndex: number; text: string; upstream: ShippedUpstream } | null> => {
  const names = new Set(
    topology.services.flatMap((s) => [s.name, ...(s.replica ? [s.replica.service] : [])]),
  );
  // The load balancer by role (label, else the shipped name) first, then any service mounting an
  // nginx configuration with an upstream.
  const isBalancer = (s: Service) => Number(serviceRoleOf(s) === "load-balancer");
  const ordered = [...topology.services].sort((a, b) => isBalancer(b) - isBalancer(a));
  for (const service of ordered)
    for (const [mountIndex, mount] of service.volumes.entries()) {
      if (mount.type !== "bind" || !mount.source.endsWith(".conf")) continue;
      const read = await readConfinedFile({ path: mount.source, dir: topology.dir });
      if (!read.ok) continue;
      const upstream = parseUpstream(read.text);
      if (upstream?.servers.some((s) => names.has(s.host)))
        return { service, mountIndex, text: read.text, upstream };
    }
  return null;
};

/** Whether a service of the project is one of the load balancer's nodes (added workers included). */
export const isNodeService = (binding: LoadBalancerBinding, service: string): boolean =>
  binding.nodeServices.includes(service) ||
  binding.nodeServices.some((node) => {
    const prefix = /^(.*?)\d+$/.exec(node)?.[1];
    return (
      prefix !== undefined &&
      new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}\\d+$`).test(service)
    );
  });

/** The node with the weight of its role. */
export const upstreamNode = (binding: LoadBalancerBinding, service: string): UpstreamNode => ({
  service,
  weight: binding.leaders.includes(service) ? binding.weights.leader : binding.weights.worker,
});

/** Writes a file by rename inside its folder (readers see the old or the new text, never half). */
const writeAtomic = (file: string, text: string) => {
  const temporary = `${file}.${process.pid}.next`;
  writeFileSync(temporary, text, { mode: 0o644 });
  renameSync(temporary, file);
};

export const upstreamFile = (binding: Pick<LoadBalancerBinding, "dir">): string =>
  path.join(binding.dir, "upstream", UPSTREAM_FILE);

/** The upstream as the load balancer reads it now, or null before the first deploy. */
export const readUpstream = (binding: Pick<LoadBalancerBinding, "dir">): string | null =>
  existsSync(upstreamFile(binding)) ? readFileSync(upstreamFile(binding), "utf8") : null;

/** Writes the upstream for the nodes; answers the text written and the one it replaced. */
export const writeUpstream = ({
  binding,
  nodes,
}: {
  binding: LoadBalancerBinding;
  nodes: UpstreamNode[];
}): { text: string; previous: string | null } => {
  const text = renderUpstream({
    name: binding.upstreamName,
    nodes,
    port: binding.port,
    params: binding.params,
    keepalive: binding.keepalive,
    at: new Date().toISOString(),
  });
  const previous = readUpstream(binding);
  mkdirSync(path.dirname(upstreamFile(binding)), { recursive: true });
  writeAtomic(upstreamFile(binding), text);
  return { text, previous };
};

/** Puts back an upstream text (after `nginx -t` refused its successor). */
export const restoreUpstream = (binding: LoadBalancerBinding, text: string): void =>
  writeAtomic(upstreamFile(binding), text);

/** The binding a deploy stored for the project, or null (not deployed by this panel, or no load balancer). */
export const readBinding = ({
  project,
  dataRoot = defaultDataRoot(),
}: {
  project: string;
  dataRoot?: string;
}): LoadBalancerBinding | null => {
  const file = path.join(bindingDir({ dataRoot, project }), "binding.json");
  return existsSync(file) ? ZLoadBalancerBinding.parse(JSON.parse(readFileSync(file, "utf8"))) : null;
};

export type BindLoadBalancerOptions = {
  topology: Topology;
  /** Overrides of the shipped weights (the deploy form's). */
  weights?: Partial<RoleWeights>;
  dataRoot?: string;
};

/**
 * Generates the load balancer's files for a deploy and answers the topology with its mounts
 * pointed at them (unchanged when the topology has no load balancer with an upstream).
 */
export const bindLoadBalancer = async ({
  topology,
  weights = {},
  dataRoot = defaultDataRoot(),
}: BindLoadBalancerOptions): Promise<{ topology: Topology; binding: LoadBalancerBinding | null }> => {
  const found = await findLoadBalancer(topology);
  if (!found) return { topology, binding: null };
  const { service, mountIndex, text, upstream } = found;
  // An upstream server naming a replicated service is each of its replicas (lib/compose/replicas.ts).
  const instancesOf = (host: string): string[] =>
    topology.services.filter((s) => s.name === host || s.replica?.service === host).map((s) => s.name);
  const nodeServices = [...new Set(upstream.servers.flatMap((s) => instancesOf(s.host)))];
  const leaders = topology.services
    .filter((s) => nodeServices.includes(s.name) && isLeader(s))
    .map((s) => s.name);
  const dir = bindingDir({ dataRoot, project: topology.project });
  const binding: LoadBalancerBinding = {
    project: topology.project,
    service: service.name,
    upstreamName: upstream.name,
    port: upstream.servers[0]?.port ?? 80,
    listenPort: listenPort(text),
    params: upstream.servers[0]?.params ?? "",
    keepalive: upstream.keepalive,
    nodeServices,
    leaders,
    weights: { ...shippedRoleWeights({ upstream, leaders }), ...weights },
    dir,
  };
  mkdirSync(path.join(dir, "upstream"), { recursive: true });
  const main = path.join(dir, "nginx.conf");
  writeAtomic(
    main,
    includeUpstream({ text, upstream, includePath: `${CONTAINER_UPSTREAM_DIR}/${UPSTREAM_FILE}` }),
  );
  writeUpstream({ binding, nodes: nodeServices.map((node) => upstreamNode(binding, node)) });
  writeAtomic(path.join(dir, "binding.json"), `${JSON.stringify(binding, null, 2)}\n`);
  const volumes = service.volumes.map((mount, index) =>
    index === mountIndex && mount.type === "bind" ? { ...mount, source: main } : mount,
  );
  volumes.push({
    type: "bind",
    source: path.join(dir, "upstream"),
    target: CONTAINER_UPSTREAM_DIR,
    readOnly: true,
  });
  return {
    topology: {
      ...topology,
      services: topology.services.map((s) => (s.name === service.name ? { ...s, volumes } : s)),
    },
    binding,
  };
};
