-- AlterTable
ALTER TABLE "Run" ADD COLUMN "adoptedAt" DATETIME;
ALTER TABLE "Run" ADD COLUMN "cleanupLeftovers" TEXT;
ALTER TABLE "Run" ADD COLUMN "cleanupState" TEXT;
ALTER TABLE "Run" ADD COLUMN "ownerId" TEXT;
ALTER TABLE "Run" ADD COLUMN "reachedState" TEXT;

-- CreateTable
CREATE TABLE "Batch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "times" INTEGER NOT NULL,
    "request" TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "completed" INTEGER NOT NULL DEFAULT 0,
    "ownerId" TEXT,
    "reason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Batch_status_idx" ON "Batch"("status");
