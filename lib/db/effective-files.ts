// The topology each run really deployed (secrets masked as ${VAR}), from which its effective
// compose file and its measured critical path are computed.
import { z } from "zod";
import type { Topology } from "@/lib/compose/types";
import { getPrisma } from "./client";

export type StoredEffectiveTopology = { topology: Topology; masked: string[] };

/** Stores (or replaces) a run's deployed topology; the run row must exist. */
export const storeEffectiveTopology = async ({
  runId,
  topology,
  masked,
}: StoredEffectiveTopology & { runId: string }): Promise<void> => {
  const data = { topology: JSON.stringify(topology), masked: JSON.stringify(masked) };
  await getPrisma().runEffectiveFile.upsert({ where: { runId }, create: { runId, ...data }, update: data });
};

// The Topology type is checked where it is built; here only its outline, enough to refuse a row
// that is not one (a truncated write) instead of rendering nonsense.
const ZStoredTopology = z.looseObject({
  project: z.string(),
  services: z.array(z.looseObject({ name: z.string() })),
  networks: z.array(z.unknown()),
  volumes: z.array(z.unknown()),
});

/** The deployed topologies of the given runs (runs without one are absent from the map). */
export const getEffectiveTopologies = async (
  runIds: string[],
): Promise<Map<string, StoredEffectiveTopology>> => {
  const rows = await getPrisma().runEffectiveFile.findMany({ where: { runId: { in: runIds } } });
  const out = new Map<string, StoredEffectiveTopology>();
  for (const row of rows) {
    const topology = ZStoredTopology.safeParse(JSON.parse(row.topology));
    const masked = z.array(z.string()).safeParse(JSON.parse(row.masked));
    if (topology.success && masked.success)
      out.set(row.runId, { topology: topology.data as unknown as Topology, masked: masked.data });
  }
  return out;
};
