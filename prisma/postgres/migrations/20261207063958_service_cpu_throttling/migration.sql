-- AlterTable
ALTER TABLE "ServiceTiming" ADD COLUMN     "cpuPeriods" INTEGER,
ADD COLUMN     "cpuThrottledMs" DOUBLE PRECISION,
ADD COLUMN     "cpuThrottledPeriods" INTEGER;

