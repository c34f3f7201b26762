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
  | "volume_driver"
  | "external_volume"
  | "external_network"
  | "build_network"
  | "host_gateway"
  | "unsupported_host_option";

/** One thing the file asks of the host that the policy refuses unless approved (or ever). */
export type PolicyFinding = {
  /** Stable id of this finding in this file: sha256 of rule, service, path, value and, for a host path, its real path. */
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
  // What the file wrote first, so a person finds it; the path it resolves to beside it when they differ.
  const written = option.written ?? option.value;
  const shown =
    written === path ? path : `${written.startsWith("/") ? written : `"${written}"`} (on this host ${path})`;
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
      message: `${what} ${shown}, which is or holds the panel's own files (${panelPath}: its database, secrets and code)`,
      fix:
        "no approval can allow it (the panel's database, secrets and code stay out of every container's reach): " +
        "keep the files the service needs inside the topology's folder and refer to them as ./<file>",
      approvable: false,
    };
  if (socket)
    return {
      rule: "docker_socket",
      message: `${what} ${shown}, which exposes the Docker engine (${socket}): whoever holds it is root on the host`,
      fix:
        "no approval can allow it (the panel never gives a container its Docker engine): remove the mount; " +
        "a tool that needs the engine (a UI, an updater) runs beside the panel, not inside a deployed topology",
      approvable: false,
    };
  if (insideFolder) return null;
  return isBuild
    ? {
        rule: "build_outside_folder",
        message: `${what} ${shown}, outside the topology's folder ${dir}`,
        fix: "put the build context and its Dockerfile inside the topology's folder, or ask an admin to approve it for this version of the file",
        approvable: true,
      }
    : {
        rule: "bind_outside_folder",
        message: `${what} host path ${shown}, outside the topology's folder ${dir}`,
        fix: "move the files into the topology's folder (./data/…), use a named volume, or ask an admin to approve this mount for this version of the file",
        approvable: true,
      };
};

const READS_HOST_FILE = new Set(["secrets", "configs", "env_file"]);

const ASK = "remove it, or ask an admin to approve it for this version of the file";

/** A volume or network named by its Docker name: one the project does not create. */
const foreignObject = ({
  kind,
  name,
  holds,
}: {
  kind: "volume" | "network";
  name: string;
  holds: string;
}): Verdict => ({
  rule: kind === "volume" ? "external_volume" : "external_network",
  message: `uses Docker ${kind} ${name} by its own name: a ${kind} this project does not create (another project's ${holds} when it exists)`,
  fix: `drop name:/external: so the project gets its own ${kind}; for a ${kind} made outside the panel, declare it external: true and ask an admin to approve it for this version of the file`,
  approvable: true,
});

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
    case "volumes.driver":
      return value === "local"
        ? null
        : {
            rule: "volume_driver",
            message: `volume driver ${value} is a plugin of the engine's host: it decides what the volume reaches`,
            fix: `use the local driver; ${ASK}`,
            approvable: true,
          };
    case "volumes.driver_opts":
      return {
        rule: "volume_driver",
        message: `volume driver option ${value} tells the engine what to mount (type none, o bind, device / bind-mounts the host's root)`,
        fix: `drop driver_opts and let the panel create a plain volume; ${ASK}`,
        approvable: true,
      };
    case "volumes.name":
      return foreignObject({ kind: "volume", name: value, holds: "data" });
    case "networks.name":
      return foreignObject({ kind: "network", name: value, holds: "segment" });
    case "networks.driver_opts":
      return {
        rule: "external_network",
        message: `network driver option ${value} changes what the network attaches to on the host`,
        fix: `drop the driver option; ${ASK}`,
        approvable: true,
      };
    case "build.network":
      return value === "default" || value === "none"
        ? null
        : {
            rule: "build_network",
            message: `build network "${value}" runs the build's steps on ${value === "host" ? "the host's network stack" : "another network than the build's own"}`,
            fix: `drop build.network (builds get their own network); ${ASK}`,
            approvable: true,
          };
    case "extra_hosts":
      return /host-gateway/.test(value)
        ? {
            rule: "host_gateway",
            message: `extra_hosts ${value} names the engine's host from inside the container (what it listens on becomes reachable)`,
            fix: `name a container of the topology instead; ${ASK}`,
            approvable: true,
          }
        : null;
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
        fix: `no approval can allow it (the panel would drop ${key}, not deploy it as written): remove ${key} from the service`,
        approvable: false,
      };
  }
};

/** Keys whose value is a host path, judged by where it points (grants compare their real paths). */
export const PATH_KEYS: ReadonlySet<string> = new Set([
  "volumes",
  "build",
  "build.dockerfile",
  ...READS_HOST_FILE,
]);

/** A host path a volume driver option mounts (`device` of a bind or a local mount), else null. */
const driverDevice = (value: string): string | null => {
  const match = /^device=(\/.*)$/.exec(value);
  return match?.[1] ?? null;
};

/**
 * The policy's judgement of one host-reaching option (from the file, or read back from an Engine
 * request by lib/docker/engine-gate.ts): null when it passes, else one finding without its id.
 */
export const judgeHostReaching = ({
  option,
  dir,
  panel,
  networkHost = false,
}: {
  option: HostReachingOption;
  dir: string;
  panel: PanelPaths;
  networkHost?: boolean;
}): Omit<PolicyFinding, "id"> | null => {
  // Secrets, configs and env files read host files into the container like a bind mount does.
  const device = option.key === "volumes.driver_opts" ? driverDevice(option.value) : null;
  const verdict = PATH_KEYS.has(option.key)
    ? judgePath({ option, dir, panel })
    : device
      ? // A driver option that mounts a host path: the panel's files and the engine's socket never pass.
        ((v) => (v && !v.approvable ? v : judgeOption(option, networkHost)))(
          judgePath({ option: { ...option, value: device }, dir, panel }),
        )
      : judgeOption(option, networkHost);
  if (!verdict) return null;
  return {
    rule: verdict.rule,
    service: option.service,
    key: option.key,
    path: option.path,
    line: option.line,
    message: `${option.path}: ${verdict.message}`,
    fix: verdict.fix,
    approvable: verdict.approvable,
  };
};

/** The stable id of a finding on `option` (what an approval names). */
export const findingIdOf = ({ rule, option }: { rule: PolicyRule; option: HostReachingOption }): string =>
  // A host path's approval is bound to where it really points: replacing an approved folder by a
  // symlink to /etc makes another finding, which no approval covers.
  findingId([
    rule,
    option.service,
    option.path,
    option.value,
    ...(PATH_KEYS.has(option.key) ? [realPath(option.value)] : []),
  ]);

/** Each host-reaching option of a topology with the finding it raises (options that pass are left out). */
export const judgedOptions = ({
  topology,
  panel,
}: EvaluatePolicyOptions): { option: HostReachingOption; finding: PolicyFinding }[] => {
  const options = topology.hostReaching ?? [];
  const networkHost = new Set(
    options.filter((o) => o.key === "network_mode" && o.value === "host").map((o) => o.service),
  );
  return options.flatMap((option) => {
    const judged = judgeHostReaching({
      option,
      dir: topology.dir,
      panel,
      networkHost: networkHost.has(option.service),
    });
    return judged ? [{ option, finding: { id: findingIdOf({ rule: judged.rule, option }), ...judged } }] : [];
  });
};

/** Judges every host-reaching option of a topology; an empty list means the file passes. */
export const evaluatePolicy = (options: EvaluatePolicyOptions): PolicyFinding[] =>
  judgedOptions(options).map(({ finding }) => finding);

/** One line per finding, as errors show them: where, what, which rule, how to fix it. */
export const describeFindings = (
  findings: Pick<PolicyFinding, "line" | "message" | "rule" | "fix">[],
): string =>
  findings.map((f) => `line ${f.line ?? "?"}: ${f.message} (rule ${f.rule}; fix: ${f.fix})`).join("; ");
