-- AlterTable
ALTER TABLE "Run" ADD COLUMN "environmentId" TEXT;

-- CreateTable
CREATE TABLE "Environment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "tlsSealed" TEXT,
    "sshKeySealed" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,
    "lastCheckAt" DATETIME,
    "lastCheckOk" BOOLEAN,
    "lastCheckDetail" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "Environment_name_key" ON "Environment"("name");

-- CreateIndex
CREATE INDEX "Run_environmentId_startedAt_idx" ON "Run"("environmentId", "startedAt");
