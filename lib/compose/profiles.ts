// `profiles` (15-profiles.md): a service with profiles runs only when one of them is chosen; a
// service without runs always. An active service may not depend on one that is off (Compose
// refuses the project), unless the dependency says `required: false` (then it is dropped).
import { asRecord, scalarText } from "./normalize-context";

type Mapping = Record<string, unknown>;

/** Every profile named by a service, sorted. */
export const declaredProfiles = ({ services }: { services: Mapping }): string[] =>
  [
    ...new Set(
      Object.values(services).flatMap((service) => {
        const profiles = asRecord(service)?.profiles;
        return Array.isArray(profiles) ? profiles.map(scalarText) : [];
      }),
    ),
  ].sort();

const profilesOf = (service: unknown): string[] => {
  const profiles = asRecord(service)?.profiles;
  return Array.isArray(profiles) ? profiles.map(scalarText) : [];
};

/** A dependency of an active service on a service the chosen profiles leave off. */
export type InactiveDependency = {
  service: string;
  dependency: string;
  profiles: string[];
  required: boolean;
};

/** The services the chosen profiles enable, and the dependencies that point at disabled ones. */
export const applyProfiles = ({
  services,
  profiles,
}: {
  services: Mapping;
  profiles: string[];
}): { active: Mapping; inactive: string[]; dependencies: InactiveDependency[] } => {
  const chosen = new Set(profiles);
  const isActive = (service: unknown) => {
    const own = profilesOf(service);
    return own.length === 0 || own.some((profile) => chosen.has(profile)) || chosen.has("*");
  };
  const active: Mapping = {};
  const inactive: string[] = [];
  for (const [name, service] of Object.entries(services))
    if (isActive(service)) active[name] = service;
    else inactive.push(name);
  const dependencies: InactiveDependency[] = [];
  for (const [name, service] of Object.entries(active)) {
    const raw = asRecord(service)?.depends_on;
    const entries: [string, unknown][] = Array.isArray(raw)
      ? raw.map((dependency) => [scalarText(dependency), {}])
      : Object.entries(asRecord(raw) ?? {});
    for (const [dependency, options] of entries)
      if (inactive.includes(dependency)) {
        const required = asRecord(options)?.required;
        dependencies.push({
          service: name,
          dependency,
          profiles: profilesOf(services[dependency]),
          required: required !== false && required !== "false",
        });
      }
  }
  return { active, inactive, dependencies };
};
