// The deploy.start audit record both targets write: the request's fields every deploy has, then what
// the target adds. The audit store is replaced by a list (no database here).
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AuditEntry } from "@/lib/db/audit";
import { testPrincipal } from "@/test/fixtures/principal";
import { ZDeployRequest } from "./deploy-settings";

const recorded = vi.hoisted(() => [] as AuditEntry[]);
vi.mock("@/lib/db/audit", () => ({
  recordAudit: async (entry: AuditEntry) => void recorded.push(entry),
}));

const { auditDeployStart, loadOrExplain } = await import("./deploy-start");

const request = ZDeployRequest.parse({ topology: "optimized", strategy: "phased", fit: "none" });
const actor = { principal: testPrincipal({ username: "ada" }), address: "10.0.0.7" };

beforeEach(() => void recorded.splice(0));

describe("auditDeployStart", () => {
  it("records who started which run of which topology, with the strategy and fit mode", async () => {
    await auditDeployStart({
      ...actor,
      request,
      runId: "run-1",
      project: "ollamamax",
      detail: { target: "swarm" },
    });
    expect(recorded).toEqual([
      {
        actor: "ada",
        action: "deploy.start",
        target: "ollamamax",
        address: "10.0.0.7",
        detail: {
          runId: "run-1",
          strategy: "phased",
          topology: "optimized",
          fitMode: "none",
          target: "swarm",
        },
      },
    ]);
  });

  it("adds what this engine's deploy knows (fit scale, fresh data, data state)", async () => {
    await auditDeployStart({
      ...actor,
      request: { ...request, strategy: "dag", fit: "clamp" },
      runId: "run-2",
      project: "p",
      detail: { fitScale: 1, freshData: true, dataState: "cold" },
    });
    expect(recorded[0]?.detail).toEqual({
      runId: "run-2",
      strategy: "dag",
      topology: "optimized",
      fitMode: "clamp",
      fitScale: 1,
      freshData: true,
      dataState: "cold",
    });
  });
});

describe("loadOrExplain", () => {
  it("answers not_found for a topology the panel does not have", async () => {
    await expect(loadOrExplain({ name: "no-such-topology-here" })).rejects.toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
  });
});
