-- AlterTable
ALTER TABLE "ServiceTiming" ADD COLUMN "cpuPeriods" INTEGER;
ALTER TABLE "ServiceTiming" ADD COLUMN "cpuThrottledMs" REAL;
ALTER TABLE "ServiceTiming" ADD COLUMN "cpuThrottledPeriods" INTEGER;

