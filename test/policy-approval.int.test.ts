// The deploy policy's approval flow on a real panel database and engine: a file asking for a
// capability is refused for an operator, an admin adds it and approves its finding, the deploy then
// runs and Docker really grants the capability, and editing the file voids the approval.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { addTopology } from "@/lib/catalog/add-topology";
import { getPrisma } from "@/lib/db/client";
import { getDocker } from "@/lib/docker/client";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { requestDeploy } from "@/lib/operations/deploy";
import { approvePolicyExceptions } from "@/lib/operations/policy";
import { dagRequest, purgeProject } from "./fixtures/deploy-support";
import { testActor } from "./fixtures/principal";
import { clusterSecrets, scratchDatabase, scratchFolder, topologyFolder } from "./fixtures/scratch-panel";

const name = `policytest-${process.pid}`;
const operator = testActor({ username: "policy-operator" });
const admin = testActor({ username: "policy-admin", role: "admin" });
const compose = `name: ${name}
services:
  app:
    image: ollamamax-test/busybox:latest
    command: ["sleep", "3600"]
    cap_add:
      - NET_ADMIN
`;
const deploy = () => requestDeploy({ ...operator, request: dagRequest({ topology: name }) });

const scratch = scratchFolder("ollamamax-policy-");
scratchDatabase({ dir: scratch });
clusterSecrets({ dir: scratch });
// Added by the test (addTopology), removed after it.
const folder = topologyFolder({ name });

afterAll(async () => purgeProject(name));

describe("deploy policy approvals", async () => {
  it("refuses an operator, lets an admin approve, deploys what was approved, voids on edit", async () => {
    // An operator cannot add the file: the finding is named with its rule and line.
    await expect(addTopology({ name, text: compose })).rejects.toThrow(
      /line 7: services\.app\.cap_add\.0.*rule cap_add/,
    );
    // An admin can; the answer lists what still needs approval.
    expect((await addTopology({ name, text: compose, admin: true })).policy.map((f) => f.rule)).toEqual([
      "cap_add",
    ]);

    await expect(deploy()).rejects.toThrow(
      /deploy policy refuses .*an admin may approve.*line 7: .*rule cap_add/s,
    );

    const approval = await approvePolicyExceptions({ ...admin, topologyName: name });
    expect(approval).toMatchObject({ topology: name, approvedBy: "policy-admin" });
    expect(approval.findings.map((f) => f.path)).toEqual(["services.app.cap_add.0"]);
    const audit = await getPrisma().auditEvent.findFirst({ where: { action: "topology.policy.approve" } });
    expect(audit).toMatchObject({ actor: "policy-admin", target: name });

    const { runId, done } = await deploy();
    expect((await done).status).toBe("healthy");
    const started = await getPrisma().auditEvent.findFirst({ where: { action: "deploy.start" } });
    expect(started).toMatchObject({ actor: "policy-operator", target: name, address: "127.0.0.1" });
    expect(JSON.parse(started?.detail ?? "{}")).toMatchObject({
      runId,
      strategy: "dag",
      topology: name,
      fitMode: "none",
      freshData: false,
    });
    const [container] = await findProjectContainers({ project: name, service: "app" });
    const inspected = await getDocker()
      .getContainer(container?.id ?? "")
      .inspect();
    expect(inspected.HostConfig.CapAdd).toEqual(["NET_ADMIN"]);
    await purgeProject(name);

    // Any edit changes the file's sha256: the approval no longer applies.
    appendFileSync(join(folder, "docker-compose.yml"), "# edited\n");
    await expect(deploy()).rejects.toThrow(/deploy policy refuses/);
  });
});
