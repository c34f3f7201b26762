// The approved policy of one deploy: what the deploy policy (policy.ts) found in this version of the
// file, which of those findings an admin approved, and who deploys. The operations build it
// (lib/operations/policy.ts) when they check a deploy or scale; the Engine gate
// (lib/docker/engine-gate.ts) judges every request against it with the same judgement
// (judgeHostReaching), so a request the policy did not allow is never sent, whatever key produced it.
import type { Role } from "@/lib/roles";
import { isInside, realPath } from "./policy-paths";
import { containerNameOf } from "./project-name";
import { judgedOptions, judgeHostReaching, PATH_KEYS, type PanelPaths, type PolicyFinding } from "./policy";
import type { HostReachingOption, Topology } from "./types";

type Judged = { option: HostReachingOption; finding: PolicyFinding };

export type ApprovedPolicy = {
  topologyName: string;
  /** The compose project: what the panel's labels on its volumes, networks and containers name. */
  project: string;
  dir: string;
  panel: PanelPaths;
  /** Who deploys: only operators and admins send requests. */
  role: Role;
  /** The file's options whose findings an admin approved for this version of the file. */
  approved: Judged[];
  /** Every finding of the file (approved or not): a refusal names its key and line. */
  judged: Judged[];
  /** Container names of the project's services (`container:<name>` joins stay inside the project). */
  containers: string[];
  /** Docker names of the project's own volumes and networks (created and labelled by the panel). */
  volumes: string[];
  networks: string[];
  /** Docker names of the volumes and networks the file declares `external`. */
  externalVolumes: string[];
  externalNetworks: string[];
  /**
   * Folders the panel itself writes for this project and bind-mounts (generated secrets and
   * configs, the load balancer's upstream): not the operator's paths, so not judged as theirs.
   */
  panelMounts: string[];
  /**
   * Only for the panel's own helpers (panelOwnPolicy): the real paths of the only host folders a
   * bind mount may name, each still judged against `dir`. Unset for a file's policy.
   */
  onlyBinds?: readonly string[];
};

export type ApprovedPolicyOptions = {
  topologyName: string;
  topology: Pick<Topology, "project" | "dir" | "hostReaching" | "services" | "volumes" | "networks">;
  panel: PanelPaths;
  approvedIds: ReadonlySet<string>;
  role: Role;
  panelMounts?: string[];
};

/** The approved policy of a loaded topology: its findings, the approved ones, the caller's role. */
export const approvedPolicyOf = ({
  topologyName,
  topology,
  panel,
  approvedIds,
  role,
  panelMounts = [],
}: ApprovedPolicyOptions): ApprovedPolicy => {
  const judged = judgedOptions({ topology, panel });
  return {
    topologyName,
    project: topology.project,
    dir: topology.dir,
    panel,
    role,
    approved: judged.filter(({ finding }) => finding.approvable && approvedIds.has(finding.id)),
    judged,
    containers: topology.services.map((service) => containerNameOf({ service, project: topology.project })),
    volumes: topology.volumes.filter((v) => !v.external).map((v) => v.dockerName),
    networks: topology.networks.filter((n) => !n.external).map((n) => n.dockerName),
    externalVolumes: topology.volumes.filter((v) => v.external).map((v) => v.dockerName),
    externalNetworks: topology.networks.filter((n) => n.external).map((n) => n.dockerName),
    panelMounts,
  };
};

/**
 * The policy of a request the panel makes for itself with no file behind it (the engine
 * calibration, a backup's helpers): a project of no services, nothing approved, so only a request
 * that reaches nothing on the host passes the gate — except, for a backup's helper, bind mounts of
 * exactly `binds.folders` (real paths, each inside `binds.dir`, the topology's folder).
 */
export const panelOwnPolicy = ({
  project,
  panel,
  role,
  binds,
}: {
  project: string;
  panel: PanelPaths;
  role: Role;
  binds?: { dir: string; folders: readonly string[] };
}): ApprovedPolicy => ({
  topologyName: project,
  project,
  dir: binds?.dir ?? panel.root,
  panel,
  role,
  approved: [],
  judged: [],
  containers: [],
  volumes: [],
  networks: [],
  externalVolumes: [],
  externalNetworks: [],
  panelMounts: [],
  onlyBinds: binds?.folders ?? [],
});

/** What must be equal for a request's fact to be the approved option (its host path, name, …). */
const subjectOf = (option: HostReachingOption): string => {
  const { key, value } = option;
  if (PATH_KEYS.has(key)) return `path ${realPath(value)}`;
  switch (key) {
    case "cap_add":
      return `cap ${value.toUpperCase().replace(/^CAP_/, "")}`;
    case "devices":
      return `device ${value.split(":")[0] ?? ""}`;
    case "sysctls":
      return `sysctl ${value.split("=")[0] ?? ""}`;
    case "security_opt":
      // The Engine gets a seccomp profile's content where the file names the profile.
      return `security_opt ${/^[a-z-]+/.exec(value)?.[0] ?? value}`;
    case "gpus":
      return "gpus";
    default:
      return `${key} ${value}`;
  }
};

/** The refusal of a helper's bind mount that is not one of the folders its policy grants. */
const notGranted = (fact: RequestFact): Omit<PolicyFinding, "id"> => ({
  rule: "bind_outside_folder",
  service: fact.service,
  key: fact.key,
  path: fact.path,
  line: null,
  message: `${fact.path}: mounts host path ${fact.value}, which is not one of the data folders this helper may copy`,
  fix: "a backup's helper mounts only the topology's own data folders, by their real paths",
  approvable: false,
});

/** A fact the gate read from an Engine request, with the request field it came from. */
export type RequestFact = HostReachingOption;

export type FactVerdict =
  { allowed: true } | { allowed: false; finding: Omit<PolicyFinding, "id">; located: boolean };

/**
 * The gate's decision on one fact read back from an Engine request: allowed when the deploy
 * policy raises no finding on it, or when a finding of the same rule on the same subject was
 * approved for this version of the file. A refusal carries the file's key and line when the file
 * holds the option (else the request field that carried it).
 */
export const judgeRequestFact = ({
  policy,
  fact,
  networkHost = false,
}: {
  policy: ApprovedPolicy;
  fact: RequestFact;
  /** The container runs on the host's network stack (its net.* sysctls are the host's). */
  networkHost?: boolean;
}): FactVerdict => {
  if (fact.key === "volumes" && policy.onlyBinds && !policy.onlyBinds.includes(realPath(fact.value)))
    return { allowed: false, finding: notGranted(fact), located: false };
  if (
    fact.key === "volumes" &&
    policy.panelMounts.some((dir) => isInside({ dir: realPath(dir), path: realPath(fact.value) }))
  )
    return { allowed: true };
  const judged = judgeHostReaching({ option: fact, dir: policy.dir, panel: policy.panel, networkHost });
  if (!judged) return { allowed: true };
  const subject = subjectOf(fact);
  const same = ({ option, finding }: Judged) => finding.rule === judged.rule && subjectOf(option) === subject;
  if (judged.approvable && policy.approved.some(same)) return { allowed: true };
  const inFile = policy.judged.find(same);
  return inFile
    ? { allowed: false, finding: inFile.finding, located: true }
    : { allowed: false, finding: judged, located: false };
};
