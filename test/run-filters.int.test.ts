// The Runs page's filter values on SQLite (test/postgres.int.test.ts checks PostgreSQL): the distinct
// topologies and strategies read by skipping through their indexes equal the rows' own, in order,
// the filtered list is newest first, and its count (SQL of its own) agrees with it for every filter.
import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { listRuns, runFilterValues } from "@/lib/db/runs";
import { scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";

scratchDatabase({ dir: scratchFolder("run-filters-db-") });

describe("run filter values", () => {
  it("are the rows' distinct topologies and strategies, sorted; none without runs", async () => {
    expect(await runFilterValues()).toEqual({ topologies: [], strategies: [] });
    const topologies = ["zeta", "alpha", "mid", "alpha", "zeta", "Upper"];
    const strategies = ["dag", "none", "sequential", "dag", "phased", "dag"];
    await getPrisma().run.createMany({
      data: topologies.map((topology, i) => ({
        id: `r${i}`,
        topology,
        strategy: strategies[i] ?? "dag",
        status: "healthy",
        kind: "deploy",
        startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      })),
    });
    const sql = (values: string[]) => [...new Set(values)].sort();
    expect(await runFilterValues()).toEqual({ topologies: sql(topologies), strategies: sql(strategies) });
    const { runs, total } = await listRuns({ filters: { topology: "zeta" } });
    expect(total).toBe(2);
    expect(runs.map((r) => r.id)).toEqual(["r4", "r0"]);
    // The count (SQL of its own) agrees with the rows for every kind of filter.
    await getPrisma().run.update({ where: { id: "r1" }, data: { environmentId: "env-1", status: "failed" } });
    const filters = [
      {},
      { topology: "alpha" },
      { strategy: "dag" },
      { status: "failed" },
      { kind: "deploy" },
      { environmentId: null },
      { environmentId: "env-1" },
      { topology: "alpha", strategy: "dag", environmentId: null },
    ];
    for (const f of filters) {
      const listed = await listRuns({ filters: f, pageSize: 100 });
      expect(listed.total, JSON.stringify(f)).toBe(listed.runs.length);
    }
    expect((await listRuns({ filters: { environmentId: null } })).total).toBe(5);
  });
});
