// The Compose Specification's merge rules (13-merge.md, and 05-services.md#extends which uses the
// same rules): mappings merged key by key, sequences appended, command/entrypoint/healthcheck.test
// replaced, ports/volumes/devices/secrets/configs merged by their unique key, `!reset` and
// `!override` honoured. Used for override files and for `extends`.
import type { MergeTags } from "./compose-file";
import { asRecord, scalarText } from "./normalize-context";
import type { PathSegment } from "./yaml-source";

type Mapping = Record<string, unknown>;

/** Keys whose value replaces the earlier one instead of being appended to. */
const REPLACED = new Set(["command", "entrypoint"]);
/** list_or_dict keys: "K=V" lists and maps merge by variable name. */
const LIST_OR_DICT = new Set(["environment", "labels", "annotations", "sysctls", "args", "extra_hosts"]);
/** Sequences whose items are unique after a merge (05-services.md#sequences). */
const DEDUPLICATED = new Set([
  "cap_add",
  "cap_drop",
  "expose",
  "external_links",
  "security_opt",
  "device_cgroup_rules",
  "profiles",
]);

/** "K=V" / "K" lists and maps into a map (a bare "K" maps to null: taken from the environment). */
const toDict = (value: unknown, separator: string): Mapping => {
  if (!Array.isArray(value)) return { ...(asRecord(value) ?? {}) };
  const out: Mapping = {};
  for (const item of value.map(scalarText)) {
    const at = item.indexOf(separator);
    if (at < 0) out[item] = null;
    else out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
};

const portKey = (item: unknown): string => {
  const long = asRecord(item);
  if (long)
    return [long.host_ip ?? "", long.target ?? "", long.published ?? "", long.protocol ?? "tcp"]
      .map(scalarText)
      .join("|");
  const text = scalarText(item);
  const [mapping = "", protocol = "tcp"] = text.split("/");
  const parts = mapping.split(":");
  const target = parts.at(-1) ?? "";
  const published = parts.length > 1 ? (parts.at(-2) ?? "") : "";
  const ip = parts.length > 2 ? parts.slice(0, -2).join(":") : "";
  return [ip, target, published, protocol].join("|");
};

/** The container path a volume, device, secret or config lands on: its unique key. */
const targetKey =
  (key: string) =>
  (item: unknown): string => {
    const long = asRecord(item);
    if (key === "secrets" || key === "configs") {
      const source = scalarText(long ? long.source : item);
      const target = long?.target === undefined ? source : scalarText(long.target);
      // Where it lands: secrets under /run/secrets/, configs at the root (05-services.md#configs).
      if (target.startsWith("/")) return target;
      return key === "secrets" ? `/run/secrets/${target}` : `/${target}`;
    }
    if (long) return scalarText(long.target);
    const parts = scalarText(item).split(":");
    return parts.length === 1 ? (parts[0] ?? "") : (parts[1] ?? "");
  };

const UNIQUE_BY: Record<string, (item: unknown) => string> = {
  ports: portKey,
  volumes: targetKey("volumes"),
  devices: targetKey("devices"),
  secrets: targetKey("secrets"),
  configs: targetKey("configs"),
};

const mergeUnique = (base: unknown[], over: unknown[], keyOf: (item: unknown) => string): unknown[] => {
  const out = [...base];
  for (const item of over) {
    const at = out.findIndex((existing) => keyOf(existing) === keyOf(item));
    if (at >= 0) out[at] = item;
    else out.push(item);
  }
  return out;
};

/** Short forms read as their long mapping, so a string and a mapping merge. */
const asMappingForm = (key: string, value: unknown): unknown => {
  if (key === "build" && typeof value === "string") return { context: value };
  if ((key === "depends_on" || key === "networks") && Array.isArray(value))
    return Object.fromEntries(
      value.map((name) => [scalarText(name), key === "depends_on" ? { condition: "service_started" } : null]),
    );
  if (key === "env_file" && !Array.isArray(value)) return [value];
  return value;
};

/** Merges one key's values; `path` is the key's place in the service (for nested keys). */
const mergeValue = (key: string, base: unknown, over: unknown, path: string[]): unknown => {
  if (over === undefined) return base;
  if (base === undefined || base === null) return over;
  // `volume_name:` with nothing under it in an override adds nothing to the earlier definition.
  if (over === null && asRecord(base)) return base;
  if (REPLACED.has(key) || (path.join(".") === "healthcheck" && key === "test")) return over;
  if (LIST_OR_DICT.has(key) && (Array.isArray(base) || Array.isArray(over) || asRecord(base)))
    return {
      ...toDict(base, key === "extra_hosts" ? ":" : "="),
      ...toDict(over, key === "extra_hosts" ? ":" : "="),
    };
  const b = asMappingForm(key, base);
  const o = asMappingForm(key, over);
  if (Array.isArray(b) && Array.isArray(o)) {
    const unique = path.length === 0 ? UNIQUE_BY[key] : undefined;
    if (unique) return mergeUnique(b, o, unique);
    if (DEDUPLICATED.has(key))
      return [...new Set([...b, ...o].map((v) => JSON.stringify(v)))].map((v) => JSON.parse(v) as unknown);
    return [...b, ...o];
  }
  const bm = asRecord(b);
  const om = asRecord(o);
  if (bm && om) return mergeMappings(bm, om, [...path, key]);
  return over;
};

const mergeMappings = (base: Mapping, over: Mapping, path: string[]): Mapping => {
  const out: Mapping = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = mergeValue(key, base[key], value, path);
  return out;
};

/** A service definition merged over another (override file, or the local service over its `extends` base). */
export const mergeService = ({ base, over }: { base: Mapping; over: Mapping }): Mapping =>
  mergeMappings(base, over, []);

const valueAt = (value: unknown, path: PathSegment[]): unknown =>
  path.reduce<unknown>((node, segment) => (node as Mapping | null)?.[String(segment)], value);

const setAt = (target: Mapping, path: PathSegment[], value: unknown): void => {
  let node: Mapping = target;
  for (const segment of path.slice(0, -1)) {
    const next = asRecord(node[String(segment)]);
    if (!next) return;
    node = next;
  }
  const last = path.at(-1);
  if (last === undefined) return;
  if (value === undefined) delete node[String(last)];
  else node[String(last)] = value;
};

const clone = <T>(value: T): T => structuredClone(value);

/**
 * Merges a whole compose document over another, in file order: top-level sections (services,
 * networks, volumes, secrets, configs) by entry, `name` replaced. `tags` are the override file's
 * `!reset` / `!override` paths.
 */
export const mergeDocuments = ({
  base,
  over,
  tags,
}: {
  base: Mapping;
  over: Mapping;
  tags: MergeTags;
}): Mapping => {
  const out = clone(base);
  for (const path of tags.reset) setAt(out, path, undefined);
  for (const [section, value] of Object.entries(over)) {
    const entries = asRecord(value);
    const existing = asRecord(out[section]);
    if (section === "services" && entries) {
      const services: Mapping = { ...(existing ?? {}) };
      for (const [name, service] of Object.entries(entries)) {
        const before = asRecord(services[name]);
        const next = asRecord(service) ?? {};
        services[name] = before ? mergeService({ base: before, over: next }) : next;
      }
      out[section] = services;
    } else if (entries && existing) out[section] = mergeMappings(existing, entries, [section]);
    else if (section === "include" && Array.isArray(value) && Array.isArray(out[section]))
      out[section] = [...(out[section] as unknown[]), ...value];
    else out[section] = value;
  }
  for (const path of tags.override) setAt(out, path, clone(valueAt(over, path)));
  return out;
};
