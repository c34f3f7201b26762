// Which of A's named volumes and data folders carry into which of B's: stores of services that
// correspond (postgres, minio, redis: by the service's name or image) pass on to B's store of the
// same kind (the same mount path first), other stores go to B's store of the same key (a volume's
// name, a data folder's `bind:<path>`). Shown in the dry run; a `mapping` the person sends replaces
// the proposal whole. A data folder is a read-write bind mount inside the topology's folder
// (lib/compose/data-folders.ts); on an engine that is not on the panel's host none is carried.
import { folderCandidatesOf, isFolderKey } from "@/lib/compose/data-folders";
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

/** One carried store: A's volume or data folder (its key) into B's, with the services that use each. */
export type VolumePair = {
  from: string;
  to: string;
  kind: DataKind | null;
  fromService: string | null;
  toService: string | null;
  /** Why these two: "postgres service", "same volume name", "same data folder", "mapping". */
  why: string;
};

/** A volume or data folder of A that is not carried, and why. */
export type NotCarried = { from: string; service: string | null; why: string };

export type Correspondence = { pairs: VolumePair[]; notCarried: NotCarried[] };

/** A named volume of the topology's own or a data folder, under its key, with the mounts that use it. */
type Store = { key: string; users: { service: Service; target: string }[] };

/** The topology's own named volumes, then its data folders (one per key), each with its users. */
const storesOf = (topology: Topology): Store[] => {
  const serviceNamed = (name: string) => topology.services.find((s) => s.name === name);
  const volumes = topology.volumes
    .filter((v) => !v.external)
    .map((v) => ({
      key: v.name,
      users: topology.services.flatMap((service) =>
        service.volumes
          .filter((m) => m.type === "volume" && m.source === v.name)
          .map((m) => ({ service, target: m.target })),
      ),
    }));
  const folders = new Map<string, Store>();
  for (const candidate of folderCandidatesOf(topology)) {
    const service = serviceNamed(candidate.service);
    const store = folders.get(candidate.key) ?? { key: candidate.key, users: [] };
    if (service) store.users.push({ service, target: candidate.target });
    folders.set(candidate.key, store);
  }
  return [...volumes, ...folders.values()];
};

const keysOf = (stores: Store[]): string[] => stores.map((s) => s.key);

/** Every key a mapping may name for this topology: its own named volumes, then its data folders. */
export const storeKeysOf = (topology: Topology): string[] => keysOf(storesOf(topology));
const firstUser = (stores: Store[], key: string) => stores.find((s) => s.key === key)?.users[0] ?? null;

/** B's store a data service of `kind` mounts at `target` (else at any path), if any. */
const storeOfKind = (stores: Store[], kind: DataKind, target: string): string | null => {
  const candidates = stores.flatMap((s) =>
    s.users.filter((u) => dataKindOf(u.service) === kind).map((u) => ({ key: s.key, target: u.target })),
  );
  return (candidates.find((c) => c.target === target) ?? candidates[0])?.key ?? null;
};

/** The proposed correspondence of A's named volumes and data folders to B's. */
export const proposeCorrespondence = ({ from, to }: { from: Topology; to: Topology }): Correspondence => {
  const [fromStores, toStores] = [storesOf(from), storesOf(to)];
  const pairs: VolumePair[] = [];
  const notCarried: NotCarried[] = [];
  const taken = new Set<string>();
  for (const store of fromStores) {
    const user = store.users[0] ?? null;
    const kind = user ? dataKindOf(user.service) : null;
    const byKind = kind && user ? storeOfKind(toStores, kind, user.target) : null;
    const target = byKind ?? (keysOf(toStores).includes(store.key) ? store.key : null);
    if (!target || taken.has(target)) {
      notCarried.push({
        from: store.key,
        service: user?.service.name ?? null,
        why: target
          ? `B's ${target} already receives another volume or data folder`
          : "B has no corresponding volume or data folder",
      });
      continue;
    }
    taken.add(target);
    pairs.push({
      from: store.key,
      to: target,
      kind,
      fromService: user?.service.name ?? null,
      toService: firstUser(toStores, target)?.service.name ?? null,
      why: byKind ? `${kind} service` : isFolderKey(store.key) ? "same data folder" : "same volume name",
    });
  }
  return { pairs, notCarried };
};

/**
 * The correspondence a person's mapping asks for (A's key → B's key: a volume's compose key, a data
 * folder's `bind:<path>`), or the problems naming each bad entry (`mapping.<A's key>`): a key A or
 * B lacks, two into one.
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
  const [fromStores, toStores] = [storesOf(from), storesOf(to)];
  const [fromKeys, toKeys] = [keysOf(fromStores), keysOf(toStores)];
  for (const [a, b] of Object.entries(mapping)) {
    const path = `mapping.${a}`;
    if (!fromKeys.includes(a))
      problems.push({
        path,
        message: `A has no named volume or data folder "${a}" (its: ${fromKeys.join(", ") || "none"})`,
      });
    else if (!toKeys.includes(b))
      problems.push({
        path,
        message: `B has no named volume or data folder "${b}" (its: ${toKeys.join(", ") || "none"})`,
      });
    else if (seen.has(b))
      problems.push({ path, message: `B's "${b}" already receives A's "${seen.get(b)}": one source each` });
    else {
      seen.set(b, a);
      const [fromUser, toUser] = [firstUser(fromStores, a), firstUser(toStores, b)];
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
  const notCarried = fromKeys
    .filter((key) => !(key in mapping))
    .map((key) => ({
      from: key,
      service: firstUser(fromStores, key)?.service.name ?? null,
      why: "not in the mapping",
    }));
  return { ok: true, correspondence: { pairs, notCarried } };
};

/** The correspondence without data folders (an engine not on the panel's host): each pair named as not carried, with `why`. */
export const withoutFolders = (correspondence: Correspondence, why: string): Correspondence => {
  const folder = (p: VolumePair) => isFolderKey(p.from) || isFolderKey(p.to);
  return {
    pairs: correspondence.pairs.filter((p) => !folder(p)),
    notCarried: [
      ...correspondence.notCarried,
      ...correspondence.pairs.filter(folder).map((p) => ({ from: p.from, service: p.fromService, why })),
    ],
  };
};
