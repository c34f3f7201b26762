// The environments lab (scripts/ci/labs/environments.lab), kept out of the int run: it needs root to
// start a second, TLS-protected Docker engine (test/environments/tls-dockerd.sh).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    include: ["test/environments/*.lab.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
