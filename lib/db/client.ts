import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/generated/prisma-pg/client";
import { globalSingleton } from "@/lib/global-singleton";
import { RepairingSQLiteAdapterFactory } from "./sqlite-adapter";
import { databaseUrl, isPostgresUrl } from "./url";

/**
 * The process-wide Prisma client: SQLite over better-sqlite3 by default, PostgreSQL over pg for a
 * `postgresql://` DATABASE_URL. Both clients are generated from one model (prisma/postgres/schema.prisma
 * is generated from prisma/schema.prisma), so the PostgreSQL client answers every query the SQLite
 * client's type allows; it is typed as that one so lib/db has one set of types.
 */
export const getPrisma = (): PrismaClient =>
  globalSingleton("prisma", () => {
    const url = databaseUrl();
    if (!isPostgresUrl(url)) return new PrismaClient({ adapter: new RepairingSQLiteAdapterFactory({ url }) });
    const postgres = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    return postgres as unknown as PrismaClient;
  });

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
