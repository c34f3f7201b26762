// The effective file keeps every applied key: written back and loaded again, a service carrying
// all of them normalizes to the same container settings, mounts and host access.
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { effectiveComposeFile } from "./effective-file";
import { KEY_SAMPLE_FILE, SERVICE_KEY_SAMPLES, sampleDocument } from "./key-samples";
import { parseTopology } from "./parse-topology";
import { SERVICE_KEYS } from "./service-keys";
import type { Topology } from "./types";

const load = (text: string): Topology => {
  const result = parseTopology({ text, file: KEY_SAMPLE_FILE, env: {} });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.topology;
};

/** Applied keys whose sample conflicts with another's (network_mode vs networks; image by itself). */
const APART = new Set(["network_mode", "container_name", "image"]);

describe("effective file", () => {
  it("loads back to the same settings for every applied key", () => {
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
    const first = load(stringify(sampleDocument(service, { volumes: { data: {} } })));
    const text = effectiveComposeFile({ topology: first });
    const again = load(text.replace(/^version:.*$/m, ""));
    const [a, b] = [first.services[0], again.services[0]];
    expect(b?.runtime).toEqual(a?.runtime);
    expect(b?.hostAccess).toEqual(a?.hostAccess);
    expect(b?.volumes).toEqual(a?.volumes);
    expect(b?.volumes.map((v) => v.options ?? null)).toContainEqual({
      tmpfsSizeBytes: 1024 * 1024,
      tmpfsMode: 1777,
    });
    expect(b?.restartMaxRetries).toBe(3);
    expect(a?.runtime?.user).toBe("1000:1000");
  });
});
