// What e2e specs set up, each piece cleaned up after the file's tests: API sign-in, API tokens and
// contexts that call with them, topology folders in the server's catalog, runs seeded through
// Prisma (documenso's way: seed through the database, sign in through the API).
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { type APIRequestContext, expect, request as playwrightRequest, test } from "@playwright/test";
import { PrismaClient } from "../generated/prisma/client";
import { removeProjectLeftovers } from "./cluster-cleanup";
import { E2E_PASSWORD, E2E_USERS, type E2eRole } from "./users";

/** Signs in through the API; the cookie lands in the request context (and its page, if any). */
export const signInAs = async (request: APIRequestContext, role: E2eRole): Promise<void> => {
  const response = await request.post("/api/auth/login", {
    data: { username: E2E_USERS[role], password: E2E_PASSWORD },
  });
  expect(response.status(), await response.text()).toBe(200);
};

/** A token as POST /api/tokens answers it: the secret (shown once) and its stored record. */
export type CreatedToken = { token: string; record: { id: string; scope: string | null } };

/** Creates an API token as the signed-in caller of `request` (201 expected). */
export const createApiToken = async (
  request: APIRequestContext,
  data: { name: string; role: E2eRole; scope?: string },
): Promise<CreatedToken> => {
  const created = await request.post("/api/tokens", { data });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { data: CreatedToken }).data;
};

/** A request context that calls with `token` only (no cookie), as a script does. */
export const bearerContext = (baseURL: string | undefined, token: string): Promise<APIRequestContext> =>
  playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });

/**
 * Topology folder `name` in topologies/ (the e2e server's catalog), `files` (path in the folder →
 * text) written before the file's tests; after them what Docker holds of its project and the folder
 * are removed. The folder is also the project's name.
 */
export const topologyFolder = ({ name, files }: { name: string; files: Record<string, string> }): string => {
  const folder = path.resolve("topologies", name);
  test.beforeAll(() => {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), text);
    }
  });
  test.afterAll(() => {
    removeProjectLeftovers(name);
    fs.rmSync(folder, { recursive: true, force: true });
  });
  return folder;
};

/** A compose file of one busybox httpd "web" with a 1 s health check: the e2e tests' smallest cluster. */
export const busyboxWebCompose = (project: string): string => `name: ${project}
services:
  web:
    image: ollamamax-test/busybox:latest
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O- http://localhost:8080/health"]
      interval: 1s
      timeout: 1s
      retries: 5
`;

/** The e2e server's database (E2E_DB) through Prisma; `fresh`: the first-visit server's (E2E_FRESH_DB). */
export const panelDatabase = ({ fresh = false }: { fresh?: boolean } = {}): PrismaClient =>
  new PrismaClient({
    adapter: new PrismaBetterSQLite3({
      url: `file:${fresh ? process.env.E2E_FRESH_DB : process.env.E2E_DB}`,
    }),
  });

/** Runs stored by `seed` before the file's tests, deleted by id after them (then Prisma disconnects). */
export const seededRuns = ({
  prisma,
  ids,
  seed,
}: {
  prisma: PrismaClient;
  ids: string[];
  seed: () => Promise<unknown>;
}): void => {
  test.beforeAll(seed);
  test.afterAll(async () => {
    await prisma.run.deleteMany({ where: { id: { in: ids } } });
    await prisma.$disconnect();
  });
};
