// Every rule of the deploy policy, one compose snippet per escape, through the real loader
// (files in a real folder, so symlinks and `..` resolve as the kernel would resolve them).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTopology } from "./load-topology";
import { evaluatePolicy, type PanelPaths, type PolicyFinding } from "./policy";
import { SHIPPED, TEST_SECRETS } from "./test-support";

const base = mkdtempSync(join(tmpdir(), "ollamamax-policy-"));
const panelRoot = join(base, "panel");
const topologyDir = join(panelRoot, "topologies", "mine");
const outside = join(base, "elsewhere");
mkdirSync(join(panelRoot, "data"), { recursive: true });
mkdirSync(topologyDir, { recursive: true });
mkdirSync(outside, { recursive: true });
const panel: PanelPaths = {
  root: panelRoot,
  others: [join(panelRoot, "data")],
  dockerSockets: ["/var/run/docker.sock", "/run/docker.sock"],
};
afterAll(async () => rmSync(base, { recursive: true, force: true }));

let counter = 0;
/** Loads one service written with `lines` (indented under the service) and judges it. */
const judge = async (lines: string, env: Record<string, string> = {}): Promise<PolicyFinding[]> => {
  counter += 1;
  const file = join(topologyDir, `docker-compose-${counter}.yml`);
  writeFileSync(file, `services:\n  app:\n    image: busybox\n${lines}\n`);
  const result = await loadTopology({ file, env, folderEnv: false, mountedReferences: false });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return evaluatePolicy({ topology: result.topology, panel });
};
const rules = (findings: PolicyFinding[]) => findings.map((f) => `${f.rule}@${f.line}`);

describe("deploy policy: each escape is refused with its rule and line", async () => {
  it.each([
    ["/:/host", "    volumes:\n      - /:/host", "panel_folder@5", false],
    [
      "the Docker socket",
      "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock",
      "docker_socket@5",
      false,
    ],
    ["/run (holds the socket)", "    volumes:\n      - /run:/r", "docker_socket@5", false],
    ["../../ (the panel's folder)", "    volumes:\n      - ../../:/panel", "panel_folder@5", false],
    ["the panel's data/", "    volumes:\n      - ../../data:/d:ro", "panel_folder@5", false],
    ["a host path elsewhere", `    volumes:\n      - ${outside}:/x`, "bind_outside_folder@5", true],
    [
      "a long-syntax bind outside",
      `    volumes:\n      - type: bind\n        source: ${outside}\n        target: /x`,
      "bind_outside_folder@5",
      true,
    ],
    ["network_mode: host", "    network_mode: host", "network_mode_host@4", true],
    [
      "Docker's host network joined by name",
      "    networks: [lan]\nnetworks:\n  lan:\n    external: true\n    name: host",
      "network_mode_host@6",
      true,
    ],
    [
      "a macvlan network",
      "    networks: [lan]\nnetworks:\n  lan:\n    driver: macvlan",
      "network_mode_host@6",
      true,
    ],
    ["build.context /", "    build:\n      context: /", "panel_folder@4", false],
    ["build.context elsewhere", `    build: ${outside}`, "build_outside_folder@4", true],
    ["privileged", "    privileged: true", "privileged@4", true],
    ["pid: host", "    pid: host", "pid_host@4", true],
    ["ipc: host", "    ipc: host", "ipc_host@4", true],
    ["userns_mode: host", "    userns_mode: host", "userns_mode_host@4", true],
    ["cap_add", "    cap_add:\n      - SYS_ADMIN", "cap_add@5", true],
    ["devices", "    devices:\n      - /dev/sda:/dev/sda", "devices@5", true],
    ["security_opt", "    security_opt:\n      - seccomp:unconfined", "security_opt@5", true],
    ["a host-wide sysctl", "    sysctls:\n      kernel.randomize_va_space: 0", "sysctls@5", true],
    ["uts: host", "    uts: host", "uts_host@4", true],
    ["cgroup: host", "    cgroup: host", "cgroup_host@4", true],
    ["cgroup_parent", "    cgroup_parent: /system.slice", "cgroup_parent@4", true],
    ["device_cgroup_rules", "    device_cgroup_rules:\n      - 'c 1:3 mr'", "devices@5", true],
    ["gpus: all", "    gpus: all", "devices@4", true],
    [
      "GPUs reserved under deploy",
      "    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]",
      "devices@8",
      true,
    ],
    [
      "the Docker socket, long syntax",
      "    volumes:\n      - type: bind\n        source: /var/run/docker.sock\n        target: /s",
      "docker_socket@5",
      false,
    ],
  ])("%s", async (_name, snippet, expected, approvable) => {
    const findings = await judge(snippet);
    expect(rules(findings)).toContain(expected);
    const finding = findings.find((f) => `${f.rule}@${f.line}` === expected);
    expect(finding?.approvable).toBe(approvable);
    expect(finding?.fix.length).toBeGreaterThan(0);
    expect(finding?.message).toMatch(/^(services\.app\.|networks\.lan:)/);
  });

  it("follows symlinks out of the folder", async () => {
    symlinkSync("/", join(topologyDir, "root-link"));
    symlinkSync("/var/run/docker.sock", join(topologyDir, "sock-link"));
    symlinkSync(outside, join(topologyDir, "out-link"));
    expect(rules(await judge("    volumes:\n      - ./root-link:/host"))).toEqual(["panel_folder@5"]);
    expect(rules(await judge("    volumes:\n      - ./sock-link/:/s"))).toEqual(["docker_socket@5"]);
    expect(rules(await judge("    volumes:\n      - ./out-link/sub:/s"))).toEqual(["bind_outside_folder@5"]);
  });

  it("binds a host path's finding to its real path: the approved folder swapped for a link to /etc is another finding", async () => {
    const approved = join(outside, "shared");
    mkdirSync(approved);
    const snippet = `    volumes:\n      - ${approved}:/shared`;
    const before = (await judge(snippet)).map((f) => f.id);
    expect(before).toHaveLength(1);
    expect((await judge(snippet)).map((f) => f.id)).toEqual(before);
    rmSync(approved, { recursive: true });
    symlinkSync("/etc", approved);
    const after = await judge(snippet);
    expect(after.map((f) => f.rule)).toEqual(["bind_outside_folder"]);
    expect(after[0]?.id).not.toBe(before[0]);
  });

  it("sees through interpolation and `..` that leaves and re-enters", async () => {
    expect(rules(await judge("    volumes:\n      - ${WHERE}:/w", { WHERE: "/" }))).toEqual([
      "panel_folder@5",
    ]);
    expect(rules(await judge("    volumes:\n      - ./data/../../mine/data:/d"))).toEqual([]);
    expect(rules(await judge("    volumes:\n      - ./data/../..:/t"))).toEqual(["panel_folder@5"]);
  });

  it("lets through what stays in the container or the folder", async () => {
    const findings = await judge(
      [
        "    volumes:",
        "      - ./data/app:/data",
        "      - ./app.conf:/etc/app.conf:ro",
        "      - cache:/cache",
        "      - /tmp-in-container",
        "    ipc: private",
        "    uts: private",
        "    cgroup: private",
        "    security_opt:",
        "      - no-new-privileges:true",
        "    privileged: false",
        "    sysctls:",
        "      net.core.somaxconn: 1024",
        "    build:",
        "      context: ./src",
        "      dockerfile: Dockerfile.app",
        "volumes:",
        "  cache: {}",
      ].join("\n"),
    );
    expect(findings).toEqual([]);
  });

  it("refuses a namespaced sysctl of the host's own network stack", async () => {
    expect(
      rules(await judge("    network_mode: host\n    sysctls:\n      - net.core.somaxconn=1024")),
    ).toEqual(["sysctls@6", "network_mode_host@4"]);
  });

  it("gives each finding a stable id that changes with the value", async () => {
    const a = (await judge("    cap_add: [NET_ADMIN]"))[0]?.id;
    expect((await judge("    cap_add: [NET_ADMIN]"))[0]?.id).toBe(a);
    expect((await judge("    cap_add: [SYS_ADMIN]"))[0]?.id).not.toBe(a);
  });

  it("passes both shipped topologies with no exception", async () => {
    const real: PanelPaths = {
      root: join(SHIPPED.original, "..", "..", ".."),
      others: [],
      dockerSockets: panel.dockerSockets,
    };
    for (const file of Object.values(SHIPPED)) {
      const result = await loadTopology({ file, env: TEST_SECRETS, mountedReferences: false });
      if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
      expect(result.topology.hostReaching?.length).toBeGreaterThan(0);
      expect(evaluatePolicy({ topology: result.topology, panel: real })).toEqual([]);
    }
  });

  it("names what the file wrote beside the path it resolves to, and says what a person can do", async () => {
    mkdirSync(join(outside, "zoneinfo"), { recursive: true });
    writeFileSync(join(outside, "zoneinfo", "UTC"), "");
    symlinkSync(join(outside, "zoneinfo", "UTC"), join(outside, "localtime"));
    const [socket] = await judge("    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock");
    expect(socket?.message).toContain("/var/run/docker.sock");
    expect(socket?.fix).toMatch(/no approval can allow it/);
    const [clock] = await judge(`    volumes:\n      - ${join(outside, "localtime")}:/etc/localtime:ro`);
    expect(clock?.message).toContain(
      `${join(outside, "localtime")} (on this host ${join(outside, "zoneinfo", "UTC")})`,
    );
    expect(clock?.fix).toMatch(/ask an admin to approve/);
    const [data] = await judge("    volumes:\n      - ../../data:/d:ro");
    expect(data?.message).toContain(`"../../data" (on this host ${join(panelRoot, "data")})`);
    const [build] = await judge(`    build: ${outside}`);
    expect(build?.fix).toMatch(/ask an admin to approve/);
    for (const snippet of [
      "    privileged: true",
      "    network_mode: host",
      "    cap_add: [SYS_ADMIN]",
      "    volumes:\n      - /:/host",
    ])
      for (const finding of await judge(snippet))
        expect(finding.fix).toMatch(/ask an admin to approve|no approval can allow it/);
  });
});
