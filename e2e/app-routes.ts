// Derives every page and route handler from the app/ folder, so a new route cannot be left out
// of the access test.
import fs from "node:fs";
import path from "node:path";

export type DiscoveredRoute = { method: string; path: string; kind: "page" | "api" };

const walk = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });

const urlOf = (file: string): string =>
  "/" +
  path
    .relative("app", path.dirname(file))
    .split(path.sep)
    .filter((segment) => segment && !/^\(.*\)$/.test(segment))
    .join("/");

/** Every page (GET) and every exported route-handler method under app/. */
export const discoverRoutes = (): DiscoveredRoute[] =>
  walk("app").flatMap((file): DiscoveredRoute[] => {
    const base = path.basename(file);
    if (base === "page.tsx") return [{ method: "GET", path: urlOf(file), kind: "page" }];
    if (base !== "route.ts") return [];
    const source = fs.readFileSync(file, "utf8");
    return [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => ({
      method: m[1] ?? "",
      path: urlOf(file),
      kind: "api",
    }));
  });
