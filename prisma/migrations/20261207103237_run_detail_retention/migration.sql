-- AlterTable
ALTER TABLE "Run" ADD COLUMN "detailPrunedAt" DATETIME;

-- CreateIndex
CREATE INDEX "Run_detailPrunedAt_startedAt_idx" ON "Run"("detailPrunedAt", "startedAt");

