// Events are redacted with every cluster secret on disk, with or without the run in memory.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REDACTED } from "./redact";
import { forgetRunRedactors, redactorFor, redactorForProject, registerRunRedactor } from "./run-redactors";

const dir = mkdtempSync(join(tmpdir(), "ollamamax-redactors-"));
const ON_DISK = "cluster-db-pw-51f0c2";

beforeAll(() => {
  const file = join(dir, "cluster.env");
  writeFileSync(file, `DB_PASSWORD=${ON_DISK}\nMINIO_ROOT_USER=visible-user\n`);
  vi.stubEnv("PANEL_CLUSTER_ENV", file);
  forgetRunRedactors();
});
afterAll(() => {
  vi.unstubAllEnvs();
  forgetRunRedactors();
  rmSync(dir, { recursive: true, force: true });
});

describe("run redactors", () => {
  it("redact the cluster's secrets for a run the panel does not know (after a restart)", () => {
    const event = { runId: "before-restart", line: `password ${ON_DISK} for visible-user` };
    expect(redactorFor("before-restart").value(event).line).toBe(`password ${REDACTED} for visible-user`);
    expect(redactorForProject("never-deployed").text(ON_DISK)).toBe(REDACTED);
  });

  it("redact a run's own secrets and the cluster's together", () => {
    registerRunRedactor({ runId: "r1", project: "p1", env: { GRAFANA_PASSWORD: "run-only-grafana" } });
    expect(redactorFor("r1").text(`run-only-grafana ${ON_DISK}`)).toBe(`${REDACTED} ${REDACTED}`);
    expect(redactorForProject("p1").text(`run-only-grafana ${ON_DISK}`)).toBe(`${REDACTED} ${REDACTED}`);
  });
});
