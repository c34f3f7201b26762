-- CreateTable
CREATE TABLE "Backup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "topology" TEXT NOT NULL,
    "project" TEXT NOT NULL,
    "environment" TEXT,
    "folder" TEXT,
    "status" TEXT NOT NULL,
    "consistency" TEXT,
    "runId" TEXT,
    "totalBytes" REAL NOT NULL DEFAULT 0,
    "bytesDone" REAL NOT NULL DEFAULT 0,
    "bytesExpected" REAL NOT NULL DEFAULT 0,
    "error" TEXT,
    "by" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Backup_topology_idx" ON "Backup"("topology");

-- CreateIndex
CREATE INDEX "Backup_createdAt_idx" ON "Backup"("createdAt");

