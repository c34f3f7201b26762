// The deploy policy: what a compose file may ask of the host. One pure function over the
// normalized Topology and its host-reaching options (types.ts), called before anything reaches
// Docker — when a file is added in the UI and before every deploy or scale (lib/operations/policy.ts).
// Some findings an admin may approve for one version of the file; some never pass.
import { createHash } from "node:crypto";
import { isInside, realPath } from "./policy-paths";
import type { HostReachingOption, Topology } from "./types";

export type PolicyRule =
  | "bind_outside_folder"
  | "panel_folder"
  | "docker_socket"
  | "build_outside_folder"
  | "network_mode_host"
  | "pid_host"
  | "ipc_host"
  | "userns_mode_host"
  | "uts_host"
  | "cgroup_host"
  | "cgroup_parent"
  | "privileged"
  | "cap_add"
  | "devices"
  | "security_opt"
  | "sysctls"
  | "unsupported_host_option";

/** One thing the file asks of the host that the policy refuses unless approved (or ever). */
export type PolicyFinding = {
  /** Stable id of this finding in this file: sha256 of rule, service, path and value (no values stored). */
  id: string;
  rule: PolicyRule;
  service: string;
  key: string;
  path: string;
  line: number | null;
  message: string;
  fix: string;
  /** false: refused even with an admin's approval (the Docker socket, the panel's own files). */
  approvable: boolean;
};

/** Where the panel itself lives on this host: never mountable, never a build context. */
export type PanelPaths = {
  /** The panel's folder (repository root). */
  root: string;
  /** Other panel paths outside root: the data folder, the database file, the cluster secrets. */
  others: string[];
  /** Docker engine sockets (the configured one and the usual places). */
  dockerSockets: string[];
};

export type EvaluatePolicyOptions = { topology: Pick<Topology, "dir" | "hostReaching">; panel: PanelPaths };

/** Kernel parameters Docker namespaces per container (everything else changes the host). */
const NAMESPACED_SYSCTL =
  /^(kernel\.(msgmax|msgmnb|msgmni|sem|shmall|shmmax|shmmni|shm_rmid_forced)|fs\.mqueue\..+|net\..+)$/;

const findingId = (parts: string[]): string =>
  createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 16);

type Verdict = { rule: PolicyRule; message: string; fix: string; approvable: boolean } | null;

/** Where a host path (a bind source or build context) may point. */
const judgePath = ({
  option,
  dir,
  panel,
}: {
  option: HostReachingOption;
  dir: string;
  panel: PanelPaths;
}): Verdict => {
  const path = realPath(option.value);
  const isBuild = option.key.startsWith("build");
  const what = isBuild
    ? option.key === "build"
      ? "builds from"
      : "reads its Dockerfile from"
    : option.key === "env_file"
      ? "reads its environment from"
      : "mounts";
  const socket = panel.dockerSockets.map(realPath).find((s) => isInside({ dir: path, path: s }));
  const insideFolder = isInside({ dir: realPath(dir), path });
  const own = [panel.root, ...panel.others].map(realPath);
  const panelPath = insideFolder
    ? undefined
    : own.find((p) => isInside({ dir: p, path }) || isInside({ dir: path, path: p }));
  if (panelPath)
    return {
      rule: "panel_folder",
      message: `${what} ${path}, which is or holds the panel's own files (${panelPath}: its database, secrets and code)`,
      fix: "keep the files the service needs inside the topology's folder and refer to them as ./<file>",
      approvable: false,
    };
  if (socket)
    return {
      rule: "docker_socket",
      message: `${what} ${path}, which exposes the Docker engine (${socket}): whoever holds it is root on the host`,
      fix: "remove the mount; the panel never gives a container its Docker engine",
      approvable: false,
    };
  if (insideFolder) return null;
  return isBuild
    ? {
        rule: "build_outside_folder",
        message: `${what} ${path}, outside the topology's folder ${dir}`,
        fix: "put the build context and its Dockerfile inside the topology's folder",
        approvable: true,
      }
    : {
        rule: "bind_outside_folder",
        message: `${what} host path ${path}, outside the topology's folder ${dir}`,
        fix: "move the files into the topology's folder (./data/…), use a named volume, or ask an admin to approve this mount",
        approvable: true,
      };
};

const READS_HOST_FILE = new Set(["secrets", "configs", "env_file"]);

const ASK = "remove it, or ask an admin to approve it for this version of the file";

/** The verdict on one non-path option. */
const judgeOption = (option: HostReachingOption, networkHost: boolean): Verdict => {
  const { key, value } = option;
  const joinsOther = value === "host" || value.startsWith("container:");
  switch (key) {
    case "network_mode":
      return joinsOther
        ? {
            rule: "network_mode_host",
            message: `network_mode "${value}" shares another network stack with the container`,
            fix: `use networks: instead; ${ASK}`,
            approvable: true,
          }
        : null;
    case "networks":
      return {
        rule: "network_mode_host",
        message: `joins Docker network ${value}, which puts its services on the host's network stack or LAN`,
        fix: `use a bridge network; ${ASK}`,
        approvable: true,
      };
    case "pid":
      return {
        rule: "pid_host",
        message: `pid "${value}" lets the container see and signal processes outside it`,
        fix: ASK,
        approvable: true,
      };
    case "ipc":
      return joinsOther
        ? {
            rule: "ipc_host",
            message: `ipc "${value}" shares another IPC namespace (shared memory) with the container`,
            fix: ASK,
            approvable: true,
          }
        : null;
    case "userns_mode":
      return {
        rule: "userns_mode_host",
        message: `userns_mode "${value}" turns off user-namespace remapping for the container`,
        fix: ASK,
        approvable: true,
      };
    case "privileged":
      return value === "true"
        ? {
            rule: "privileged",
            message: "privileged: true gives the container every capability and every host device",
            fix: ASK,
            approvable: true,
          }
        : null;
    case "uts":
      return value === "host"
        ? {
            rule: "uts_host",
            message: `uts "host" lets the container set the host's hostname`,
            fix: ASK,
            approvable: true,
          }
        : null;
    case "cgroup":
      return value === "host"
        ? {
            rule: "cgroup_host",
            message: `cgroup "host" shows the container the host's whole cgroup tree`,
            fix: ASK,
            approvable: true,
          }
        : null;
    case "cgroup_parent":
      return {
        rule: "cgroup_parent",
        message: `cgroup_parent ${value} places the container in a cgroup of the host's choosing`,
        fix: ASK,
        approvable: true,
      };
    case "device_cgroup_rules":
      return {
        rule: "devices",
        message: `device_cgroup_rules ${value} lets the container open host devices`,
        fix: ASK,
        approvable: true,
      };
    case "gpus":
      return {
        rule: "devices",
        message: `asks for ${value} of the host`,
        fix: ASK,
        approvable: true,
      };
    case "cap_add":
      return {
        rule: "cap_add",
        message: `cap_add ${value} adds a kernel capability`,
        fix: ASK,
        approvable: true,
      };
    case "devices":
      return {
        rule: "devices",
        message: `devices ${value} passes a host device into the container`,
        fix: ASK,
        approvable: true,
      };
    case "security_opt":
      // no-new-privileges only tightens the container: nothing to approve.
      return /^no-new-privileges(?:[:=]true)?$/.test(value)
        ? null
        : {
            rule: "security_opt",
            message: `security_opt ${value} changes the container's confinement (seccomp, AppArmor, SELinux)`,
            fix: ASK,
            approvable: true,
          };
    case "sysctls": {
      const name = value.split("=")[0] ?? "";
      const hostWide = !NAMESPACED_SYSCTL.test(name) || (networkHost && name.startsWith("net."));
      return hostWide
        ? {
            rule: "sysctls",
            message: `sysctl ${name} is not namespaced: it would change the host's kernel`,
            fix: ASK,
            approvable: true,
          }
        : null;
    }
    default:
      return {
        rule: "unsupported_host_option",
        message: `${key} is not applied by the panel (it would be dropped, not deployed as written)`,
        fix: `remove ${key} from the service`,
        approvable: false,
      };
  }
};

/** Judges every host-reaching option of a topology; an empty list means the file passes. */
export const evaluatePolicy = ({ topology, panel }: EvaluatePolicyOptions): PolicyFinding[] => {
  const options = topology.hostReaching ?? [];
  const networkHost = new Set(
    options.filter((o) => o.key === "network_mode" && o.value === "host").map((o) => o.service),
  );
  return options.flatMap((option) => {
    // Secrets, configs and env files read host files into the container like a bind mount does.
    const pathLike =
      option.key === "volumes" || option.key.startsWith("build") || READS_HOST_FILE.has(option.key);
    const verdict = pathLike
      ? judgePath({ option, dir: topology.dir, panel })
      : judgeOption(option, networkHost.has(option.service));
    if (!verdict) return [];
    return [
      {
        id: findingId([verdict.rule, option.service, option.path, option.value]),
        rule: verdict.rule,
        service: option.service,
        key: option.key,
        path: option.path,
        line: option.line,
        message: `${option.path}: ${verdict.message}`,
        fix: verdict.fix,
        approvable: verdict.approvable,
      },
    ];
  });
};
