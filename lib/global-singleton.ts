/**
 * One instance per process. server.ts, route handlers and server actions are separate module
 * graphs in Next 16 with a custom server, so a plain module variable would exist three times.
 */
export const globalSingleton = <T>(name: string, create: () => T): T => {
  const key = Symbol.for(`ollamamax.${name}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  const existing = store[key];
  if (existing !== undefined) return existing;
  const created = create();
  store[key] = created;
  return created;
};

/** The process-wide instance if something created it already (never creates one). */
export const existingSingleton = <T>(name: string): T | undefined =>
  (globalThis as unknown as Record<symbol, T | undefined>)[Symbol.for(`ollamamax.${name}`)];
