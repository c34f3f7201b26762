// The SQLite driver adapter, with one repair: a transaction always ends and releases the adapter's
// transaction lock. Prisma's engine ends a transaction by sending COMMIT (or ROLLBACK) as a query
// and only then calling the adapter's commit() (or rollback()), which releases the lock; when that
// query throws, the release is never called, so every later transaction of the process waits
// forever — even once the disk has room again (plain queries still answer).
// - COMMIT fails with SQLITE_FULL when the disk filled while the transaction was written
//   (reproduced in test/sqlite-disk-full.int.test.ts): it is rolled back and the lock released
//   before its error goes on, so the run journal's retry gets through once the disk has room.
// - ROLLBACK fails with "no transaction is active" when SQLite already rolled the transaction back
//   itself, as it does when a statement hits SQLITE_FULL on a full disk (better-sqlite3's
//   `inTransaction` is false after it). The engine's own error path did not hang in the shapes the
//   test tries, but nothing here relies on that: such a ROLLBACK is a no-op, and one that throws
//   releases the lock like a failed COMMIT.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type SqlQuery = Parameters<Adapter["executeRaw"]>[0];
type SqliteClient = { inTransaction: boolean; exec: (sql: string) => void };

const isStatement = (query: SqlQuery, keyword: "COMMIT" | "ROLLBACK"): boolean =>
  new RegExp(`^\\s*${keyword}\\b`, "i").test(query.sql);

/** The better-sqlite3 adapter factory whose transactions always end and release their lock. */
export class RepairingSQLiteAdapterFactory extends PrismaBetterSQLite3 {
  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client: SqliteClient }).client;
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args) => {
      const transaction = await start(...args);
      const executeRaw = transaction.executeRaw.bind(transaction);
      transaction.executeRaw = async (query) => {
        // SQLite rolled it back already: nothing to roll back, and the engine's release follows.
        if (isStatement(query, "ROLLBACK") && !client.inTransaction) return 0;
        if (!isStatement(query, "COMMIT") && !isStatement(query, "ROLLBACK")) return executeRaw(query);
        try {
          return await executeRaw(query);
        } catch (error) {
          if (client.inTransaction) client.exec("ROLLBACK");
          // Releases the lock; the engine never calls it after its COMMIT or ROLLBACK threw.
          await transaction.rollback();
          throw error;
        }
      };
      return transaction;
    };
    return adapter;
  }
}
