// Options that reach past the container into the host (kernel namespaces, capabilities, devices,
// security profiles, kernel parameters). The normalizer keeps them, with their lines, so the deploy
// policy can refuse them and an approved deploy can pass exactly them to Docker — never dropped.
import { asRecord, listOrDict, scalarText } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import { deviceRequestsOf } from "./device-requests";
import { engineSecurityOption, UNMASK_SYSTEM_PATHS } from "./security-options";
import type { HostAccess, HostReachingOption } from "./types";
import { formatPath, lineOfPath } from "./yaml-source";
import type { PathSegment } from "./yaml-source";

/** List keys Docker applies to the container, passed on only through the policy. */
type ListKey = "cap_add" | "devices" | "security_opt" | "device_cgroup_rules";

const deviceText = (item: unknown): string => {
  const long = asRecord(item);
  if (!long) return scalarText(item);
  return [long.source, long.target, long.permissions]
    .filter((part) => part !== undefined)
    .map(scalarText)
    .join(":");
};

/** The host-reaching options of one service, and one located entry per option for the policy. */
export const normalizeHostAccess = ({
  ctx,
  name,
  raw,
}: {
  ctx: NormalizeContext;
  name: string;
  raw: Record<string, unknown>;
}): { access: HostAccess; options: HostReachingOption[] } => {
  const options: HostReachingOption[] = [];
  const add = (key: string, path: PathSegment[], value: string) =>
    options.push({
      service: name,
      key,
      value,
      path: formatPath(path),
      line: lineOfPath({ source: ctx.source, path }),
    });
  const base = ["services", name];
  const list = (key: ListKey): string[] => {
    const value = raw[key];
    if (!Array.isArray(value)) return [];
    const items = value.map(key === "devices" ? deviceText : scalarText);
    items.forEach((item, index) => add(key, [...base, key, index], item));
    return items;
  };
  const mode = (
    key: "pid" | "ipc" | "userns_mode" | "network_mode" | "uts" | "cgroup" | "cgroup_parent",
  ): string | null => {
    const value = typeof raw[key] === "string" ? (raw[key] as string) : null;
    if (value !== null) add(key, [...base, key], value);
    return value;
  };
  const privileged = raw.privileged === true || raw.privileged === "true";
  if (raw.privileged !== undefined) add("privileged", [...base, "privileged"], String(raw.privileged));
  const sysctls = listOrDict({ value: raw.sysctls });
  for (const [key, value] of Object.entries(sysctls))
    add("sysctls", [...base, "sysctls", key], `${key}=${value}`);
  mode("network_mode");
  const deviceRequests = deviceRequestsOf({ raw, path: base });
  for (const request of deviceRequests)
    add(request.key, request.path, `${request.count === -1 ? "all" : request.count} ${request.what}`);
  const securityOpt = list("security_opt");
  const written = securityOpt.filter((option) => option !== UNMASK_SYSTEM_PATHS);
  const engine = securityOpt
    .map((option, index) => ({ option, index }))
    .filter(({ option }) => option !== UNMASK_SYSTEM_PATHS)
    .map(({ option, index }) =>
      engineSecurityOption({ ctx, option, path: [...base, "security_opt", index] }),
    );
  const access: HostAccess = {
    privileged,
    pidMode: mode("pid"),
    ipcMode: mode("ipc"),
    usernsMode: mode("userns_mode"),
    capAdd: list("cap_add"),
    devices: list("devices"),
    securityOpt: written,
    ...(engine.some((option, index) => option !== written[index]) ? { securityOptEngine: engine } : {}),
    ...(securityOpt.includes(UNMASK_SYSTEM_PATHS) ? { unmaskSystemPaths: true } : {}),
    sysctls,
    cgroupnsMode: mode("cgroup"),
    cgroupParent: mode("cgroup_parent"),
    utsMode: mode("uts"),
    deviceCgroupRules: list("device_cgroup_rules"),
    deviceRequests: deviceRequests.map((request) => request.request),
  };
  return { access, options };
};
