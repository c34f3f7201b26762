-- CreateTable
CREATE TABLE "RunStatBucket" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "container" TEXT NOT NULL,
    "t" REAL NOT NULL,
    "samples" INTEGER NOT NULL,
    "cpuPercentAvg" REAL NOT NULL,
    "cpuPercentMax" REAL NOT NULL,
    "memoryUsedBytesAvg" REAL NOT NULL,
    "memoryUsedBytesMax" REAL NOT NULL,
    "memoryLimitBytes" REAL NOT NULL,
    "netRxRateAvg" REAL NOT NULL,
    "netTxRateAvg" REAL NOT NULL,
    CONSTRAINT "RunStatBucket_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "fitMemoryScale" REAL,
    "firstNodeReadyMs" REAL,
    "cpuAllocated" REAL,
    "memAllocatedBytes" REAL,
    "cpuAvgCores" REAL,
    "cpuPeakCores" REAL,
    "memAvgBytes" REAL,
    "memPeakBytes" REAL,
    "latencyP50Ms" REAL,
    "latencyP95Ms" REAL,
    "regression" BOOLEAN NOT NULL DEFAULT false,
    "baselineMedianMs" REAL,
    "batchId" TEXT
);
INSERT INTO "new_Run" ("cleanupMs", "engineVersion", "error", "finishedAt", "fitCpuScale", "fitMemoryScale", "hostCpus", "hostMemoryBytes", "id", "kind", "project", "settings", "startedAt", "status", "strategy", "topology", "topologyHash", "totalMs") SELECT "cleanupMs", "engineVersion", "error", "finishedAt", "fitCpuScale", "fitMemoryScale", "hostCpus", "hostMemoryBytes", "id", "kind", "project", "settings", "startedAt", "status", "strategy", "topology", "topologyHash", "totalMs" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE INDEX "Run_startedAt_idx" ON "Run"("startedAt");
CREATE INDEX "Run_topology_strategy_startedAt_idx" ON "Run"("topology", "strategy", "startedAt");
CREATE INDEX "Run_project_startedAt_idx" ON "Run"("project", "startedAt");
CREATE INDEX "Run_status_startedAt_idx" ON "Run"("status", "startedAt");
CREATE INDEX "Run_batchId_idx" ON "Run"("batchId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RunStatBucket_runId_t_idx" ON "RunStatBucket"("runId", "t");
