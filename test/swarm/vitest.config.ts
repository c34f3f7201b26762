// The Swarm lab's tests (scripts/ci/labs/swarm.lab), kept out of the int run: they need the
// three-engine lab of scripts/swarm-lab/up.sh (root, namespaces).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    include: ["test/swarm/*.lab.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
