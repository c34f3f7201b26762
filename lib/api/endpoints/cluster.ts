// /api/v1 reads of the cluster and the topologies: what runs now, which topologies exist, and a
// topology's analysis as the Topology page shows it.
import { z } from "zod";
import { listPanelTopologies } from "@/lib/catalog/topologies";
import { FIT_MODES } from "@/lib/compose";
import { AppError } from "@/lib/errors";
import { json } from "@/lib/http/respond";
import { loadTopologyPage } from "@/lib/operations/topology-page-model";
import { defineEndpoint } from "../endpoint";
import { decodeCursor, encodeCursor, limitParam, ZCursorParam } from "../pages";
import { pageOf, ZClusterStatus, ZTopologyDetail, ZTopologyItem } from "../schemas";
import { topologyClusterStatus } from "../views";

export const statusEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/status",
    tag: "cluster",
    summary: "What runs of a topology now",
    description:
      "From Docker itself: services with state, health, ports and uptime; networks, volumes; the run holding the project.",
    access: "viewer",
    query: z.strictObject({
      topology: z.string().min(1, "name a topology").describe("the topology's folder name"),
    }),
    answers: [{ status: 200, description: "the cluster's state", kind: "envelope", data: ZClusterStatus }],
    errors: ["not_found", "engine_unreachable"],
  },
  async ({ query }) => json(await topologyClusterStatus(query.topology)),
);

const TOPOLOGY_PAGE = { fallback: 100, max: 500 };

export const topologiesEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/topologies",
    tag: "topologies",
    summary: "The topologies the panel knows, by name",
    access: "viewer",
    query: z.strictObject({ limit: limitParam(TOPOLOGY_PAGE), cursor: ZCursorParam }),
    answers: [
      { status: 200, description: "a page of topologies", kind: "envelope", data: pageOf(ZTopologyItem) },
    ],
    errors: [],
  },
  async ({ query }) => {
    const after = decodeCursor(query.cursor, z.string());
    const all = listPanelTopologies()
      .map((t) => ({ name: t.name, files: t.files.map((f) => f.slice(t.dir.length + 1)) }))
      .sort((a, b) => a.name.localeCompare(b.name))
      .filter((t) => after === null || t.name.localeCompare(after) > 0);
    const items = all.slice(0, query.limit);
    const last = items.at(-1);
    return json({ items, nextCursor: all.length > items.length && last ? encodeCursor(last.name) : null });
  },
);

export const topologyEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/topologies/{name}",
    tag: "topologies",
    summary: "A topology (services, networks, volumes) and its analysis",
    description:
      "What the Topology page shows, from the same view model: phases, depth, critical path (weighted by measured ready times where runs exist), allocation, the deploy policy's findings, and the preflight of the file fitted to this host under `fit`; secrets redacted. A file that does not load answers `analysis: null` and its errors.",
    access: "viewer",
    params: z.object({ name: z.string().describe("the topology's folder name") }),
    query: z.strictObject({
      fit: z.enum(FIT_MODES).default("clamp").describe("the fit mode the preflight checks under"),
    }),
    answers: [{ status: 200, description: "the topology", kind: "envelope", data: ZTopologyDetail }],
    errors: ["not_found"],
  },
  async ({ params, query }) => {
    const name = params.name ?? "";
    const page = await loadTopologyPage({ name, fit: query.fit });
    const { loaded, shown } = page;
    if (!loaded) throw new AppError("not_found", `No topology "${name}": GET /api/v1/topologies lists them.`);
    const files = loaded.entry.files.map((f) => f.slice(loaded.entry.dir.length + 1));
    const base = { name, files, missing: loaded.missing };
    if (!loaded.result.ok || !shown)
      return json({
        ...base,
        project: null,
        topology: null,
        analysis: null,
        policy: loaded.policy,
        approvedPolicyIds: [],
        preflight: null,
        hostError: null,
        errors: loaded.result.ok
          ? []
          : loaded.result.errors.map((e) => ({ line: e.line ?? null, message: e.message })),
      });
    const { topology } = shown;
    return json({
      ...base,
      project: topology.project,
      topology: {
        contentHash: topology.contentHash,
        services: topology.services,
        networks: topology.networks,
        volumes: topology.volumes,
      },
      analysis: shown.analysis,
      policy: shown.policy.findings,
      approvedPolicyIds: shown.policy.approvedIds,
      preflight: shown.check,
      hostError: shown.hostError,
      errors: [],
    });
  },
);
