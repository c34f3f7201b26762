-- CreateTable
CREATE TABLE "PhaseTiming" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "services" TEXT NOT NULL,
    "startedAtMs" REAL,
    "readyAtMs" REAL,
    CONSTRAINT "PhaseTiming_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ServiceTiming" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "container" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "createdAtMs" REAL,
    "startedAtMs" REAL,
    "runningAtMs" REAL,
    "readyAtMs" REAL,
    "dockerHealthyAtMs" REAL,
    "removedAtMs" REAL,
    CONSTRAINT "ServiceTiming_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "t" REAL NOT NULL,
    "at" DATETIME NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    CONSTRAINT "RunEvent_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "topology" TEXT NOT NULL,
    "strategy" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "kind" TEXT NOT NULL DEFAULT 'deploy',
    "project" TEXT NOT NULL DEFAULT '',
    "topologyHash" TEXT,
    "totalMs" REAL,
    "cleanupMs" REAL,
    "error" TEXT,
    "settings" TEXT,
    "engineVersion" TEXT,
    "hostCpus" INTEGER,
    "hostMemoryBytes" REAL,
    "fitCpuScale" REAL,
    "fitMemoryScale" REAL
);
INSERT INTO "new_Run" ("finishedAt", "id", "startedAt", "status", "strategy", "topology") SELECT "finishedAt", "id", "startedAt", "status", "strategy", "topology" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE INDEX "Run_startedAt_idx" ON "Run"("startedAt");
CREATE INDEX "Run_topology_strategy_startedAt_idx" ON "Run"("topology", "strategy", "startedAt");
CREATE INDEX "Run_project_startedAt_idx" ON "Run"("project", "startedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PhaseTiming_runId_idx" ON "PhaseTiming"("runId");

-- CreateIndex
CREATE INDEX "ServiceTiming_runId_idx" ON "ServiceTiming"("runId");

-- CreateIndex
CREATE INDEX "ServiceTiming_service_idx" ON "ServiceTiming"("service");

-- CreateIndex
CREATE INDEX "RunEvent_runId_t_idx" ON "RunEvent"("runId", "t");
