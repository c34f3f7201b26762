import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { globalSingleton } from "@/lib/global-singleton";
import { databaseUrl } from "./url";

/** The process-wide Prisma client over better-sqlite3. */
export const getPrisma = (): PrismaClient =>
  globalSingleton(
    "prisma",
    () => new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl() }) }),
  );

export type DatabaseStatus = { ok: true } | { ok: false; error: string };

/** Whether the database answers a trivial query. */
export const databaseStatus = async (): Promise<DatabaseStatus> => {
  try {
    await getPrisma().$queryRawUnsafe("SELECT 1");
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
};
