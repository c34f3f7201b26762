-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "detailPrunedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Run_detailPrunedAt_startedAt_idx" ON "Run"("detailPrunedAt", "startedAt");

