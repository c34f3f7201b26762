// The services a deploy runs, as Compose picks them: the chosen profiles decide which are on, and
// each one's `env_file`s are read into its `environment` (environment winning), so later stages see
// one complete environment and nothing the file asked for is silently left out.
import type { Env } from "./interpolate";
import { envFileEntries, envFileValues, mergeEnvironment } from "./env-file";
import type { EnvFileNotes } from "./env-file";
import { asRecord } from "./normalize-context";
import { applyProfiles, declaredProfiles } from "./profiles";
import { emptyTopologyFiles, refusedFileText, unreadFileText } from "./topology-files";
import type { TopologyFiles } from "./topology-files";
import type { ComposeIssue, HostReachingOption } from "./types";
import { formatPath, lineOfPath } from "./yaml-source";
import type { PathSegment, YamlSource } from "./yaml-source";

type Mapping = Record<string, unknown>;

export type ActiveServicesOptions = {
  services: Mapping;
  source: YamlSource;
  /** The project folder: relative env_file paths start there. */
  dir: string;
  env: Env;
  /** Profiles chosen for this load; services with none of them are left out. */
  profiles: string[];
  /** Services written in another file than the base: their file, for lines. */
  origins?: Record<string, YamlSource>;
  /** What the confined reader read: env files are looked up there. */
  files?: TopologyFiles;
};

export type ActiveServices = {
  services: Mapping;
  declared: string[];
  /** Each declared profile and the services it enables. */
  byProfile: Record<string, string[]>;
  inactive: string[];
  errors: ComposeIssue[];
  warnings: ComposeIssue[];
  /** Each env file read, as a host path the deploy policy judges like a bind mount. */
  reaching: HostReachingOption[];
};

/** Applies profiles and env files; problems located in the file each service was written in. */
export const activeServices = ({
  services,
  source: baseSource,
  dir,
  env,
  profiles,
  origins = {},
  files = emptyTopologyFiles(),
}: ActiveServicesOptions): ActiveServices => {
  const sourceAt = (path: PathSegment[]) =>
    (typeof path[1] === "string" ? origins[path[1]] : undefined) ?? baseSource;
  const errors: ComposeIssue[] = [];
  const warnings: ComposeIssue[] = [];
  const reaching: HostReachingOption[] = [];
  const issue = (code: ComposeIssue["code"], path: PathSegment[], message: string): ComposeIssue => ({
    code,
    message: `${formatPath(path)}: ${message}`,
    file: sourceAt(path).file,
    line: lineOfPath({ source: sourceAt(path), path }),
    path: formatPath(path),
  });
  const declared = declaredProfiles({ services });
  for (const profile of profiles)
    // A warning here (it enables nothing); a deploy request refuses it by name (deploy-settings).
    if (profile !== "*" && !declared.includes(profile))
      warnings.push(
        issue(
          "invalid_value",
          ["services"],
          `profile "${profile}" is not declared by any service (declared: ${declared.join(", ") || "none"})`,
        ),
      );
  const picked = applyProfiles({ services, profiles });
  const out: Mapping = {};
  for (const [name, raw] of Object.entries(picked.active)) {
    const service: Mapping = { ...(asRecord(raw) ?? {}) };
    for (const dependency of picked.dependencies.filter((d) => d.service === name)) {
      const path = ["services", name, "depends_on", dependency.dependency];
      const enable = `enabled only by profile ${dependency.profiles.join(" or ")}`;
      if (dependency.required)
        errors.push(
          issue(
            "unknown_dependency",
            path,
            `depends on "${dependency.dependency}", which is ${enable}: choose that profile or remove the dependency`,
          ),
        );
      else {
        warnings.push(
          issue(
            "unknown_dependency",
            path,
            `optional dependency "${dependency.dependency}" is ${enable}, so it is not started`,
          ),
        );
        const dependsOn = asRecord(service.depends_on);
        if (dependsOn)
          service.depends_on = Object.fromEntries(
            Object.entries(dependsOn).filter(([d]) => d !== dependency.dependency),
          );
      }
    }
    if (service.env_file !== undefined) {
      const fromFiles: Record<string, string> = {};
      envFileEntries({ value: service.env_file, dir }).forEach((entry, index) => {
        const path = ["services", name, "env_file", ...(Array.isArray(service.env_file) ? [index] : [])];
        if (entry.unknownFormat !== undefined) {
          errors.push(
            issue(
              "invalid_value",
              [...path, "format"],
              `env_file format "${entry.unknownFormat}" is not known: leave it out, or use raw`,
            ),
          );
          return;
        }
        const notes: EnvFileNotes = { unset: [], invalid: [] };
        const read = envFileValues({ files, entry, env, notes });
        if (!read.ok && read.reason !== "missing") {
          const written = entry.written ?? entry.path;
          errors.push(
            issue(
              "file_not_found",
              path,
              read.reason === "refused" ? refusedFileText({ written }) : unreadFileText({ written }),
            ),
          );
          return;
        }
        const values = read.ok ? read.values : null;
        if (values === null) {
          if (entry.required)
            errors.push(
              issue(
                "file_not_found",
                path,
                `env file ${entry.path} does not exist: create it, or mark it "required: false" in the long form`,
              ),
            );
          return;
        }
        reaching.push({
          service: name,
          key: "env_file",
          value: entry.path,
          path: formatPath(path),
          line: lineOfPath({ source: sourceAt(path), path }),
        });
        for (const message of notes.invalid)
          errors.push(issue("interpolation", path, `${entry.path}: ${message}`));
        for (const variable of [...new Set(notes.unset)])
          warnings.push({
            ...issue(
              "interpolation",
              path,
              `variable ${variable} (used in ${entry.path}) is not set, defaulting to a blank string`,
            ),
            variable,
          });
        Object.assign(fromFiles, values);
      });
      service.environment = mergeEnvironment({ fromFiles, environment: service.environment, env });
      delete service.env_file;
    }
    out[name] = service;
  }
  const byProfile = Object.fromEntries(
    declared.map((profile) => [
      profile,
      Object.keys(services).filter((name) => {
        const own = asRecord(services[name])?.profiles;
        return Array.isArray(own) && own.includes(profile);
      }),
    ]),
  );
  return { services: out, declared, byProfile, inactive: picked.inactive, errors, warnings, reaching };
};
