-- AlterTable
ALTER TABLE "ServiceTiming" ADD COLUMN "engineCreatedAtMs" REAL;
ALTER TABLE "ServiceTiming" ADD COLUMN "engineDiedAtMs" REAL;
ALTER TABLE "ServiceTiming" ADD COLUMN "engineHealthyAtMs" REAL;
ALTER TABLE "ServiceTiming" ADD COLUMN "engineStartedAtMs" REAL;
ALTER TABLE "ServiceTiming" ADD COLUMN "probeKind" TEXT;

-- CreateTable
CREATE TABLE "RunEffectiveFile" (
    "runId" TEXT NOT NULL PRIMARY KEY,
    "topology" TEXT NOT NULL,
    "masked" TEXT NOT NULL,
    CONSTRAINT "RunEffectiveFile_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
