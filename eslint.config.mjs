import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const serverOnly = [
  ["dockerode"],
  ["@/lib/docker/*"],
  ["@/lib/db/*"],
  // the stats series (batches, totals, the window a chart draws) is pure and shared with the browser
  ["@/lib/stats/*", "!@/lib/stats/series"],
  // the run-state reducer is pure and shared with the browser on purpose
  ["@/lib/deploy/*", "!@/lib/deploy/run-state"],
  ["node:*"],
  ["fs"],
  ["child_process"],
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Leaving keys out by destructuring (`const { secret, ...rest } = row`) is how a copy omits them.
    rules: { "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true }] },
  },
  globalIgnores([
    ".next/**",
    "generated/**",
    "node_modules/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
  ]),
  {
    // Client components must never pull server-only code (dockerode, Prisma, the orchestrator) into a bundle.
    files: ["components/**/*.tsx", "components/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: serverOnly.map((group) => ({
            group,
            allowTypeImports: true,
            message: "server-only module: pass data from a server component or an API route instead",
          })),
        },
      ],
    },
  },
]);
