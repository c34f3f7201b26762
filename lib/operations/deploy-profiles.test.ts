import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadTopology } from "@/lib/compose";
import { assertProfilesDeclared, ZDeployRequest } from "./deploy-settings";

const file = fileURLToPath(new URL("../compose/fixtures/files/profiles/compose.yaml", import.meta.url));

describe("deploy request: profiles", async () => {
  const base = { topology: "cmpfiles", strategy: "dag" };

  it("takes a list of profile names, none by default, and refuses a malformed name by field", async () => {
    expect(ZDeployRequest.parse({ ...base, profiles: ["debug", "ui"] }).profiles).toEqual(["debug", "ui"]);
    expect(ZDeployRequest.parse(base).profiles).toBeUndefined();
    const bad = ZDeployRequest.safeParse({ ...base, profiles: ["-x"] });
    expect(bad.error?.issues[0]?.path).toEqual(["profiles", 0]);
  });

  it("refuses a profile the topology does not declare, naming it and the declared ones (a 400)", async () => {
    const loaded = await loadTopology({ file });
    if (!loaded.ok) throw new Error("expected a topology");
    expect(() =>
      assertProfilesDeclared({ topology: loaded.topology, profiles: ["debug"], name: "p" }),
    ).not.toThrow();
    expect(() =>
      assertProfilesDeclared({ topology: loaded.topology, profiles: ["debug", "gpu"], name: "p" }),
    ).toThrow(/profiles: "gpu" is not a profile of topology "p" \(its profiles: debug, ui\)/);
    try {
      assertProfilesDeclared({ topology: loaded.topology, profiles: ["gpu"], name: "p" });
    } catch (error) {
      expect((error as { code?: string }).code).toBe("bad_request");
    }
  });
});
