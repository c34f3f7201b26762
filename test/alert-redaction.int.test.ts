// An alert is stored, shown to viewers and sent to every channel: the sink redacts its title and
// detail with the project's secrets, whatever rule wrote them (a failed run's message may quote one).
import { describe, expect, it } from "vitest";
import { applySignal } from "@/lib/alerts/sink";
import { getPrisma } from "@/lib/db/client";
import { registerRunRedactor } from "@/lib/secrets/run-redactors";
import { scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";

scratchDatabase({ dir: scratchFolder("alert-redaction-db-") });

describe("the alert sink", () => {
  it("stores an alert with the project's secret values redacted", async () => {
    const secret = "Sup3r-Secret-Value-4471";
    registerRunRedactor({ runId: "run-x", project: "redact-me", env: { DB_PASSWORD: secret } });
    const outcome = await applySignal({
      kind: "open",
      rule: "run_failed",
      key: "run_failed|local|redact-me|-",
      project: "redact-me",
      service: null,
      environment: null,
      runId: "run-x",
      title: `Run failed: deploy of redact-me (${secret})`,
      detail: `psql: password ${secret} rejected`,
    });
    expect(outcome.kind).toBe("opened");
    const row = await getPrisma().alert.findFirstOrThrow({ where: { key: "run_failed|local|redact-me|-" } });
    expect(`${row.title} ${row.detail}`).not.toContain(secret);
  });
});
