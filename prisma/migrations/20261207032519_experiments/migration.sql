-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "schedule" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "completed" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL,
    "calibration" TEXT,
    "environment" TEXT,
    "by" TEXT NOT NULL,
    "byUserId" TEXT NOT NULL,
    "byRole" TEXT NOT NULL,
    "ownerId" TEXT,
    "reason" TEXT,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ExperimentRepetition" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "experimentId" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "variant" INTEGER NOT NULL,
    "repetition" INTEGER NOT NULL,
    "warmup" BOOLEAN NOT NULL DEFAULT false,
    "runId" TEXT,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "ExperimentRepetition_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Experiment_status_idx" ON "Experiment"("status");

-- CreateIndex
CREATE INDEX "Experiment_createdAt_idx" ON "Experiment"("createdAt");

-- CreateIndex
CREATE INDEX "ExperimentRepetition_runId_idx" ON "ExperimentRepetition"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "ExperimentRepetition_experimentId_slot_key" ON "ExperimentRepetition"("experimentId", "slot");

