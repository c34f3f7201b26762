-- CreateTable
CREATE TABLE "Backup" (
    "id" TEXT NOT NULL,
    "topology" TEXT NOT NULL,
    "project" TEXT NOT NULL,
    "environment" TEXT,
    "folder" TEXT,
    "status" TEXT NOT NULL,
    "consistency" TEXT,
    "runId" TEXT,
    "totalBytes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "bytesDone" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "bytesExpected" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "error" TEXT,
    "by" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Backup_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Backup_topology_idx" ON "Backup"("topology");

-- CreateIndex
CREATE INDEX "Backup_createdAt_idx" ON "Backup"("createdAt");

