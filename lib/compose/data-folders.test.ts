import { describe, expect, it } from "vitest";
import { dataFoldersOf } from "./data-folders";
import { loadTopology } from "./index";
import { SHIPPED, TEST_SECRETS } from "./test-support";

describe("dataFoldersOf", async () => {
  it("counts the optimized file's ./data folders and none of its config-file mounts", async () => {
    const loaded = await loadTopology({ file: SHIPPED.optimized, env: TEST_SECRETS });
    if (!loaded.ok) throw new Error("load failed");
    expect((await dataFoldersOf(loaded.topology)).map((f) => [f.service, f.relativePath])).toEqual([
      ["postgres", "data/postgres"],
      ["redis", "data/redis"],
      ["minio", "data/minio"],
    ]);
    const configMounts = loaded.topology.services.flatMap((s) =>
      s.volumes.filter((m) => m.type === "bind" && !m.source.includes("/data/")),
    );
    expect(configMounts.length).toBeGreaterThan(0);
  });
});
