// The effective file keeps every applied key: written back and loaded again, a service carrying
// all of them normalizes to the same container settings, mounts and host access.
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { effectiveComposeFile } from "./effective-file";
import { KEY_SAMPLE_FILE, SERVICE_KEY_SAMPLES, sampleDocument } from "./key-samples";
import { loadTopology } from "./load-topology";
import { SERVICE_KEYS } from "./service-keys";
import type { Topology } from "./types";

const load = async (text: string): Promise<Topology> => {
  const result = await loadTopology({ text, file: KEY_SAMPLE_FILE, env: {}, folderEnv: false });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.topology;
};

/** Applied keys whose sample conflicts with another's (network_mode vs networks; image by itself). */
const APART = new Set(["network_mode", "container_name", "image"]);

describe("effective file", async () => {
  it("loads back to the same settings for every applied key", async () => {
    const service: Record<string, unknown> = { image: "busybox" };
    for (const [key, entry] of Object.entries(SERVICE_KEYS))
      if (entry.status === "applied" && !APART.has(key))
        service[key] = SERVICE_KEY_SAMPLES[key as keyof typeof SERVICE_KEYS];
    service.volumes = [
      "./d:/d:ro,z",
      "./s:/s:rshared",
      "data:/data:nocopy",
      { type: "bind", source: "./m", target: "/m", bind: { create_host_path: false } },
      { type: "tmpfs", target: "/t", read_only: true, tmpfs: { size: "1m", mode: 1777 } },
    ];
    service.restart = "on-failure:3";
    // Besides the samples' file sources: the ones the deployer writes (environment, content).
    service.secrets = ["token", { source: "api_key", target: "api.key", mode: "0644" }];
    service.configs = ["app_config", { source: "inline", target: "/etc/inline.conf" }];
    const top = {
      volumes: { data: {} },
      secrets: { token: { file: "./token.txt" }, api_key: { environment: "API_KEY" } },
      configs: { app_config: { file: "./app.conf" }, inline: { content: "greeting=$${NAME} $$5" } },
    };
    const first = await load(stringify(sampleDocument(service, top)));
    const text = effectiveComposeFile({ topology: first });
    const again = await load(text.replace(/^version:.*$/m, ""));
    const [a, b] = [first.services[0], again.services[0]];
    expect(b?.runtime).toEqual(a?.runtime);
    expect(b?.hostAccess).toEqual(a?.hostAccess);
    expect(b?.volumes).toEqual(a?.volumes);
    expect(b?.volumes.map((v) => v.options ?? null)).toContainEqual({
      tmpfsSizeBytes: 1024 * 1024,
      tmpfsMode: 1777,
    });
    expect(b?.restartMaxRetries).toBe(3);
    // env_file's variables are written as environment; the generated files as grants and definitions.
    expect(a?.environment).toMatchObject({ FROM_ENV_FILE: "1", SHARED: "from-env-file" });
    expect(b?.environment).toEqual(a?.environment);
    expect(a?.generatedFiles).toEqual([
      expect.objectContaining({ name: "api_key", target: "/run/secrets/api.key", mode: 0o644 }),
      expect.objectContaining({ name: "inline", source: { type: "content", text: "greeting=${NAME} $5" } }),
    ]);
    expect(b?.generatedFiles).toEqual(a?.generatedFiles);
    expect(a?.runtime?.user).toBe("1000:1000");
  });
});
