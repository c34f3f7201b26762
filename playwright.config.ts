import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_CLUSTER_SECRETS } from "./e2e/users";

// One free port and one fresh database per test run, computed once in the runner process; workers
// inherit them through the environment.
const freePort = (): string =>
  execFileSync(process.execPath, [
    "-e",
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ])
    .toString()
    .trim();
process.env.E2E_PORT ??= freePort();
process.env.E2E_NO_DOCKER_PORT ??= freePort();
process.env.E2E_FRESH_PORT ??= freePort();
process.env.E2E_DB ??= path.join(os.tmpdir(), `ollamamax-e2e-${process.env.E2E_PORT}.db`);

process.env.E2E_JWT_SECRET ??= randomBytes(48).toString("base64url");
const databaseUrl = `file:${process.env.E2E_DB}`;
// Migrations and one user per role, once, before any server starts (workers re-read this file).
if (!process.env.E2E_SEEDED) {
  execFileSync("npx", ["tsx", "e2e/seed.ts"], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  // The panel without Docker gets a database of its own with the same users: sharing the main one,
  // its alert watch stored "the panel's Docker engine has not answered" there, which every later
  // page of the main panel then showed as an open alert.
  process.env.E2E_NO_DOCKER_DB = path.join(os.tmpdir(), `ollamamax-e2e-nodocker-${process.env.E2E_PORT}.db`);
  rmSync(process.env.E2E_NO_DOCKER_DB, { force: true });
  execFileSync("npx", ["tsx", "e2e/seed.ts"], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: `file:${process.env.E2E_NO_DOCKER_DB}` },
  });
  // The fresh server's database: migrated, no users (a first visit).
  process.env.E2E_FRESH_DB = path.join(os.tmpdir(), `ollamamax-e2e-fresh-${process.env.E2E_PORT}.db`);
  rmSync(process.env.E2E_FRESH_DB, { force: true });
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    stdio: "ignore",
    env: { ...process.env, DATABASE_URL: `file:${process.env.E2E_FRESH_DB}` },
  });
  process.env.E2E_SEEDED = "1";
}

// The cluster's secrets come from a secrets file, never from the panel's environment (README
// "Where a topology's variables come from"): one per run, as scripts/start.sh writes data/cluster.env.
process.env.E2E_CLUSTER_ENV ??= path.join(os.tmpdir(), `ollamamax-e2e-${process.env.E2E_PORT}-cluster.env`);
writeFileSync(
  process.env.E2E_CLUSTER_ENV,
  Object.entries(E2E_CLUSTER_SECRETS)
    .map(([name, value]) => `${name}=${value}\n`)
    .join(""),
  { mode: 0o600 },
);

const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;
process.env.E2E_LOG ??= path.join(os.tmpdir(), `ollamamax-e2e-${process.env.E2E_PORT}.log`);
const serverEnv = (port: string | undefined, extra: Record<string, string> = {}) => ({
  PANEL_CLUSTER_ENV: process.env.E2E_CLUSTER_ENV ?? "",
  NODE_ENV: "production",
  PORT: port ?? "",
  DATABASE_URL: databaseUrl,
  JWT_SECRET: process.env.E2E_JWT_SECRET ?? "",
  NEXT_TELEMETRY_DISABLED: "1",
  ...extra,
});

export default defineConfig({
  testDir: "e2e",
  timeout: 120_000,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL,
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: [
    {
      // The log goes to a file so the secrets test can search it.
      command: `npx tsx server.ts > "${process.env.E2E_LOG}" 2>&1`,
      url: `${baseURL}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: serverEnv(process.env.E2E_PORT),
    },
    {
      // The same panel with a Docker socket where nothing listens: it must still serve and explain.
      command: "npx tsx server.ts",
      url: `http://127.0.0.1:${process.env.E2E_NO_DOCKER_PORT}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: serverEnv(process.env.E2E_NO_DOCKER_PORT, {
        DOCKER_HOST: "unix:///nonexistent/docker.sock",
        DATABASE_URL: `file:${process.env.E2E_NO_DOCKER_DB}`,
      }),
    },
    {
      // A first visit: an empty database (no users), and an image map of tags no engine has.
      command: "npx tsx server.ts",
      url: `http://127.0.0.1:${process.env.E2E_FRESH_PORT}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: serverEnv(process.env.E2E_FRESH_PORT, {
        DATABASE_URL: `file:${process.env.E2E_FRESH_DB}`,
        PANEL_LOCAL_IMAGES_FILE: "e2e/missing-images.env",
      }),
    },
  ],
});
