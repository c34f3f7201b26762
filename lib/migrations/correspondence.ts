// Which of A's named volumes carry into which of B's: services that correspond (postgres, minio,
// redis: by the service's name or image) pass their volume on, other volumes go to the volume of
// the same name. Shown in the dry run; a `mapping` the person sends replaces the proposal whole.
// Data folders (bind mounts) are listed as not carried: backups copy named volumes only.
import type { Service, Topology } from "@/lib/compose/types";
/** A bad entry of the mapping, shaped as the API's field problems ({ path, message }). */
export type MappingProblem = { path: string; message: string };

/** The data services a migration knows how to check (one constant: the checks and the docs read it). */
export const DATA_KINDS = ["postgres", "minio", "redis"] as const;
export type DataKind = (typeof DATA_KINDS)[number];

/** A service's data kind: its name, else its image, names one of DATA_KINDS. */
export const dataKindOf = (service: Pick<Service, "name" | "image">): DataKind | null => {
  const name = service.name.toLowerCase();
  const image = (service.image.split("/").pop() ?? "").toLowerCase();
  return (
    DATA_KINDS.find((kind) => name.includes(kind)) ?? DATA_KINDS.find((kind) => image.includes(kind)) ?? null
  );
};

/** One carried volume: A's volume (compose key) into B's, with the services that use each. */
export type VolumePair = {
  from: string;
  to: string;
  kind: DataKind | null;
  fromService: string | null;
  toService: string | null;
  /** Why these two: "postgres service", "same volume name", "mapping". */
  why: string;
};

/** A volume or data folder of A that is not carried, and why. */
export type NotCarried = { from: string; service: string | null; why: string };

export type Correspondence = { pairs: VolumePair[]; notCarried: NotCarried[] };

const ownVolumes = (topology: Topology) => topology.volumes.filter((v) => !v.external).map((v) => v.name);

/** The first service mounting a named volume (compose key), with the mount's target. */
const userOf = (topology: Topology, volume: string): { service: Service; target: string } | null => {
  for (const service of topology.services)
    for (const mount of service.volumes)
      if (mount.type === "volume" && mount.source === volume) return { service, target: mount.target };
  return null;
};

/** B's own volume a data service of `kind` mounts at `target` (else at any path), if any. */
const volumeOfKind = (topology: Topology, kind: DataKind, target: string): string | null => {
  const candidates = topology.services
    .filter((s) => dataKindOf(s) === kind)
    .flatMap((s) => s.volumes.filter((m) => m.type === "volume" && m.source !== null))
    .filter((m) => ownVolumes(topology).includes(m.source ?? ""));
  return (candidates.find((m) => m.target === target) ?? candidates[0])?.source ?? null;
};

/** The data folders (bind mounts) of A's data services: named so the dry run says they stay behind. */
const dataFoldersOf = (topology: Topology): NotCarried[] =>
  topology.services.flatMap((service) =>
    dataKindOf(service)
      ? service.volumes
          .filter((m) => m.type === "bind")
          .map((m) => ({
            from: m.source ?? "",
            service: service.name,
            why: "a data folder (bind mount): backups copy named volumes only, so it is not carried",
          }))
      : [],
  );

/** The proposed correspondence of A's named volumes to B's. */
export const proposeCorrespondence = ({ from, to }: { from: Topology; to: Topology }): Correspondence => {
  const pairs: VolumePair[] = [];
  const notCarried: NotCarried[] = [];
  const taken = new Set<string>();
  for (const volume of ownVolumes(from)) {
    const user = userOf(from, volume);
    const kind = user ? dataKindOf(user.service) : null;
    const byKind = kind && user ? volumeOfKind(to, kind, user.target) : null;
    const target = byKind ?? (ownVolumes(to).includes(volume) ? volume : null);
    if (!target || taken.has(target)) {
      notCarried.push({
        from: volume,
        service: user?.service.name ?? null,
        why: target
          ? `B's volume ${target} already receives another volume`
          : "B has no corresponding volume",
      });
      continue;
    }
    taken.add(target);
    pairs.push({
      from: volume,
      to: target,
      kind,
      fromService: user?.service.name ?? null,
      toService: userOf(to, target)?.service.name ?? null,
      why: byKind ? `${kind} service` : "same volume name",
    });
  }
  return { pairs, notCarried: [...notCarried, ...dataFoldersOf(from)] };
};

/**
 * The correspondence a person's mapping asks for (A's volume → B's volume, compose keys), or the
 * problems naming each bad entry (`mapping.<A's volume>`): a volume A or B lacks, two into one.
 */
export const correspondenceOfMapping = ({
  from,
  to,
  mapping,
}: {
  from: Topology;
  to: Topology;
  mapping: Record<string, string>;
}): { ok: true; correspondence: Correspondence } | { ok: false; problems: MappingProblem[] } => {
  const problems: MappingProblem[] = [];
  const pairs: VolumePair[] = [];
  const seen = new Map<string, string>();
  const [fromVolumes, toVolumes] = [ownVolumes(from), ownVolumes(to)];
  for (const [a, b] of Object.entries(mapping)) {
    const path = `mapping.${a}`;
    if (!fromVolumes.includes(a))
      problems.push({
        path,
        message: `A has no named volume "${a}" (its volumes: ${fromVolumes.join(", ") || "none"})`,
      });
    else if (!toVolumes.includes(b))
      problems.push({
        path,
        message: `B has no named volume "${b}" (its volumes: ${toVolumes.join(", ") || "none"})`,
      });
    else if (seen.has(b))
      problems.push({
        path,
        message: `B's volume "${b}" already receives A's "${seen.get(b)}": one source per volume`,
      });
    else {
      seen.set(b, a);
      const [fromUser, toUser] = [userOf(from, a), userOf(to, b)];
      pairs.push({
        from: a,
        to: b,
        kind: fromUser ? dataKindOf(fromUser.service) : null,
        fromService: fromUser?.service.name ?? null,
        toService: toUser?.service.name ?? null,
        why: "mapping",
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const notCarried = fromVolumes
    .filter((v) => !(v in mapping))
    .map((v) => ({ from: v, service: userOf(from, v)?.service.name ?? null, why: "not in the mapping" }));
  return { ok: true, correspondence: { pairs, notCarried: [...notCarried, ...dataFoldersOf(from)] } };
};
