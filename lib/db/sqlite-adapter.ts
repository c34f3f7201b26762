// The SQLite driver adapter, with one repair. When COMMIT fails (SQLITE_FULL: the disk filled while
// the transaction was written), the engine reports the error but never rolls back nor releases the
// adapter's transaction lock, so every later transaction of the process waits forever — even once
// space is back (reproduced in test/sqlite-disk-full.int.test.ts; plain queries still answer).
// Here a failed COMMIT rolls the transaction back and releases the lock before the error goes on,
// so the run journal's retry gets through once the disk has room.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type SqlQuery = Parameters<Adapter["executeRaw"]>[0];
type SqliteClient = { inTransaction: boolean; exec: (sql: string) => void };

const isCommit = (query: SqlQuery): boolean => /^\s*COMMIT\b/i.test(query.sql);

/** The better-sqlite3 adapter factory whose transactions end (rolled back) when their COMMIT fails. */
export class RepairingSQLiteAdapterFactory extends PrismaBetterSQLite3 {
  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client: SqliteClient }).client;
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args) => {
      const transaction = await start(...args);
      const executeRaw = transaction.executeRaw.bind(transaction);
      transaction.executeRaw = async (query) => {
        if (!isCommit(query)) return executeRaw(query);
        try {
          return await executeRaw(query);
        } catch (error) {
          if (client.inTransaction) client.exec("ROLLBACK");
          // Releases the lock; the engine never calls it after a failed COMMIT.
          await transaction.rollback();
          throw error;
        }
      };
      return transaction;
    };
    return adapter;
  }
}
