import { createHash } from "node:crypto";
import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadText } from "./test-support";
import { evaluatePolicy, loadTopology } from "./index";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/files/${name}`, import.meta.url));
/** An admin's approval of a host file: its real path and the sha256 of its content now. */
const approvalOf = (path: string) => ({
  realPath: realpathSync(path),
  sha256: createHash("sha256").update(readFileSync(path)).digest("hex"),
});
/**
 * `text` naming /etc/hostname: where the load without approval is refused (path, line), and the
 * policy's findings once the file is approved by its real path and content (still judged).
 */
const refusedThenApproved = async (text: string, name: string) => {
  const file = join(fixture("secrets"), name);
  const refused = await loadText({ text, file, env: {} });
  const outside = await loadText({ text, file, env: {}, approvedFiles: [approvalOf("/etc/hostname")] });
  if (!outside.ok) throw new Error(outside.errors.map((e) => e.message).join("; "));
  return {
    refusedAt: refused.ok ? [] : refused.errors.map((e) => [e.path, e.line]),
    findings: evaluatePolicy({ topology: outside.topology, panel }),
  };
};
const panel = { root: "/nonexistent-panel", others: [], dockerSockets: ["/var/run/docker.sock"] };

describe("secrets and configs", async () => {
  const result = await loadTopology({ file: fixture("secrets/compose.yaml"), env: { API_KEY: "k-123" } });

  it("mounts file sources read-only where Compose does: /run/secrets/<name>, /<name>", async () => {
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
    const app = result.topology.services[0];
    expect(app?.volumes).toEqual([
      { type: "bind", source: fixture("secrets/token.txt"), target: "/run/secrets/token", readOnly: true },
      { type: "bind", source: fixture("secrets/app.conf"), target: "/app_conf", readOnly: true },
    ]);
  });

  it("keeps environment and content sources for the deployer to write, without their value", async () => {
    if (!result.ok) throw new Error("expected a topology");
    expect(result.topology.services[0]?.generatedFiles).toEqual([
      {
        kind: "secret",
        name: "api_key",
        target: "/run/secrets/api.key",
        source: { type: "environment", variable: "API_KEY" },
        mode: 0o440,
      },
      {
        kind: "config",
        name: "inline",
        target: "/etc/inline.conf",
        source: { type: "content", text: "greeting=hello" },
        mode: 0o444,
      },
    ]);
    expect(JSON.stringify(result.topology)).not.toContain("k-123");
  });

  it("lists file sources for the deploy policy: inside the folder they pass, outside they are refused unless approved, then findings", async () => {
    if (!result.ok) throw new Error("expected a topology");
    expect(
      result.topology.hostReaching?.filter((o) => o.key === "secrets" || o.key === "configs"),
    ).toHaveLength(2);
    expect(evaluatePolicy({ topology: result.topology, panel })).toEqual([]);
    const text =
      "services:\n  app:\n    image: x\n    secrets: [host]\nsecrets:\n  host:\n    file: /etc/hostname\n";
    const { refusedAt, findings } = await refusedThenApproved(text, "o.yaml");
    expect(refusedAt).toEqual([["secrets.host.file", 7]]);
    expect(findings.map((f) => [f.rule, f.path, f.line])).toEqual([
      ["bind_outside_folder", "services.app.secrets.0", 4],
    ]);
  });

  it("refuses an env file outside the topology's folder unless approved, then judges it like a bind mount", async () => {
    const text = "services:\n  app:\n    image: x\n    env_file: /etc/hostname\n";
    const { refusedAt, findings } = await refusedThenApproved(text, "e.yaml");
    expect(refusedAt).toEqual([["services.app.env_file", 4]]);
    expect(findings.map((f) => [f.rule, f.path, f.line])).toEqual([
      ["bind_outside_folder", "services.app.env_file", 4],
    ]);
    expect(findings[0]?.message).toMatch(/reads its environment from host path \/etc\/hostname/);
  });

  it("refuses undeclared grants, missing files and external sources, each located", async () => {
    const file = join(fixture("secrets"), "bad.yaml");
    const text =
      "services:\n  app:\n    image: x\n    secrets: [nope]\nsecrets:\n  gone:\n    file: ./gone.txt\n  ext:\n    external: true\n";
    const bad = await loadText({ text, file, env: {} });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const messages = bad.errors.map((e) => `${e.line}: ${e.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^7: secrets\.gone\.file: secret file .*gone\.txt does not exist/),
      expect.stringMatching(/^8: secrets\.ext: external secrets live in a Swarm/),
      expect.stringMatching(/^4: services\.app\.secrets\.0: secret "nope" is not declared/),
    ]);
  });

  it("refuses grant options it cannot honour: uid and gid, and mode on a bind-mounted file", async () => {
    const text = [
      "services:",
      "  app:",
      "    image: x",
      "    secrets:",
      "      - source: token",
      "        mode: 0400",
      "        uid: '1000'",
      "      - source: api_key",
      "        mode: 0400",
      "    configs:",
      "      - source: app_conf",
      "        gid: '1000'",
      "secrets:",
      "  token:",
      "    file: ./token.txt",
      "  api_key:",
      "    environment: API_KEY",
      "configs:",
      "  app_conf:",
      "    file: ./app.conf",
    ].join("\n");
    const bad = await loadText({ text, file: join(fixture("secrets"), "g.yaml"), env: { API_KEY: "k" } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => [e.code, e.path, e.line])).toEqual([
      ["unsupported_key", "services.app.secrets.0.uid", 7],
      ["unsupported_key", "services.app.secrets.0.mode", 6],
      ["unsupported_key", "services.app.configs.0.gid", 12],
    ]);
  });

  it("warns when an environment source is unset (the deploy refuses it)", async () => {
    const unset = await loadTopology({ file: fixture("secrets/compose.yaml"), env: {} });
    expect(unset.ok && unset.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/secrets\.api_key\.environment: variable API_KEY is not set/),
    ]);
  });
});
