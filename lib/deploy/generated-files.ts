// Secrets and configs whose content is not a file on the host (`environment:` sources, a config's
// `content:`): written, as Docker Compose v2 writes them into the container, to a panel-managed
// file under data/compose-files/<project>/ and bind-mounted read-only at the grant's target. The
// folder is 0700 (only the panel's user reaches it on the host); the file keeps the grant's mode
// without write bits (0444 by default, as the spec says), so any user in the container can read it.
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { GeneratedFile, Service, Topology } from "@/lib/compose/types";
import { AppError } from "@/lib/errors";

/** Where generated files live: PANEL_GENERATED_FILES_DIR, else data/compose-files. */
export const generatedFilesRoot = (): string =>
  path.resolve(process.env.PANEL_GENERATED_FILES_DIR || path.join("data", "compose-files"));

const valueOf = ({
  file,
  env,
  service,
}: {
  file: GeneratedFile;
  env: Record<string, string | undefined>;
  service: string;
}) => {
  if (file.source.type === "content") return file.source.text;
  const value = env[file.source.variable];
  if (value === undefined)
    throw new AppError(
      "bad_request",
      `${service} is granted ${file.kind} "${file.name}", read from variable ${file.source.variable}, which is not set: ` +
        "add it to data/cluster.env or the .env beside the compose file and deploy again.",
      { variable: file.source.variable },
    );
  return value;
};

/** Throws (bad_request) when a generated secret's variable is unset: checked before anything is deleted or created. */
export const assertGeneratedSources = ({
  topology,
  env,
}: {
  topology: Topology;
  env: Record<string, string | undefined>;
}): void => {
  for (const service of topology.services)
    for (const file of service.generatedFiles ?? []) valueOf({ file, env, service: service.name });
};

/**
 * Writes every generated secret and config of the topology and returns it with each one added to
 * its service's volumes as a read-only bind mount. Throws (bad_request) before writing anything
 * when a variable is unset. The values never leave the file: no log line or event carries them.
 */
export const materializeGeneratedFiles = ({
  topology,
  env,
  root = generatedFilesRoot(),
}: {
  topology: Topology;
  env: Record<string, string | undefined>;
  root?: string;
}): Topology => {
  const planned = topology.services.flatMap((service) =>
    (service.generatedFiles ?? []).map((file) => ({
      service: service.name,
      file,
      value: valueOf({ file, env, service: service.name }),
    })),
  );
  if (planned.length === 0) return topology;
  const dir = path.join(root, topology.project);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const sourceOf = new Map<string, string>();
  for (const { service, file, value } of planned) {
    // One file per service and grant: two services may mount the same secret with different modes.
    const target = path.join(dir, `${service}.${file.kind}.${file.name}`);
    const scratch = `${target}.${process.pid}.tmp`;
    writeFileSync(scratch, value, { mode: 0o600 });
    chmodSync(scratch, file.mode & 0o555);
    renameSync(scratch, target);
    sourceOf.set(`${service}\u0000${file.kind}\u0000${file.name}\u0000${file.target}`, target);
  }
  const withMounts = (service: Service): Service => {
    const files = service.generatedFiles ?? [];
    if (files.length === 0) return service;
    const mounts = files.map((file) => ({
      type: "bind" as const,
      source: sourceOf.get(`${service.name}\u0000${file.kind}\u0000${file.name}\u0000${file.target}`) ?? "",
      target: file.target,
      readOnly: true,
    }));
    return { ...service, volumes: [...service.volumes, ...mounts] };
  };
  return { ...topology, services: topology.services.map(withMounts) };
};

/**
 * Variables to redact a run with beyond the cluster env: each secret's value from a variable (a
 * secret even when its variable's name does not look like one) and every secret-named variable a
 * service gets from an env_file. Keyed with secret-looking names so the redactor takes them.
 */
export const secretValuesOf = ({
  topology,
  env,
}: {
  topology: Topology;
  env: Record<string, string | undefined>;
}): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const service of topology.services) {
    for (const file of service.generatedFiles ?? [])
      if (file.kind === "secret" && file.source.type === "environment") {
        const value = env[file.source.variable];
        if (value !== undefined) out[`COMPOSE_SECRET_${file.name}`] = value;
      }
    for (const [key, value] of Object.entries(service.environment))
      if (env[key] === undefined) out[`${service.name}__${key}`] = value;
  }
  return out;
};

/** Removes a project's generated secret and config files (after a teardown: nothing mounts them). */
export const removeGeneratedFiles = ({
  project,
  root = generatedFilesRoot(),
}: {
  project: string;
  root?: string;
}) => rmSync(path.join(root, project), { recursive: true, force: true });

/**
 * The folders the panel writes for a project and bind-mounts into its containers (generated
 * secrets and configs; the load balancer's upstream when bound): the Engine gate lets them pass.
 */
export const panelWrittenFolders = ({
  project,
  binding,
}: {
  project: string;
  binding: { dir: string } | null;
}): string[] => [path.join(generatedFilesRoot(), project), ...(binding ? [binding.dir] : [])];
