// The fault suite (a lab: scripts/ci/labs/faults.lab), kept out of the int run: it needs root and
// restarts a private Docker engine (test/faults/private-dockerd.sh).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    include: ["test/faults/*.fault.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
