-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL,
    "topology" TEXT NOT NULL,
    "strategy" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "kind" TEXT NOT NULL DEFAULT 'deploy',
    "project" TEXT NOT NULL DEFAULT '',
    "topologyHash" TEXT,
    "totalMs" DOUBLE PRECISION,
    "cleanupMs" DOUBLE PRECISION,
    "error" TEXT,
    "settings" TEXT,
    "engineVersion" TEXT,
    "hostCpus" INTEGER,
    "hostMemoryBytes" DOUBLE PRECISION,
    "fitCpuScale" DOUBLE PRECISION,
    "fitMemoryScale" DOUBLE PRECISION,
    "firstNodeReadyMs" DOUBLE PRECISION,
    "cpuAllocated" DOUBLE PRECISION,
    "memAllocatedBytes" DOUBLE PRECISION,
    "cpuAvgCores" DOUBLE PRECISION,
    "cpuPeakCores" DOUBLE PRECISION,
    "memAvgBytes" DOUBLE PRECISION,
    "memPeakBytes" DOUBLE PRECISION,
    "latencyP50Ms" DOUBLE PRECISION,
    "latencyP95Ms" DOUBLE PRECISION,
    "regression" BOOLEAN NOT NULL DEFAULT false,
    "baselineMedianMs" DOUBLE PRECISION,
    "batchId" TEXT,
    "ownerId" TEXT,
    "reachedState" TEXT,
    "cleanupState" TEXT,
    "cleanupLeftovers" TEXT,
    "adoptedAt" TIMESTAMP(3),
    "fitMode" TEXT,
    "fitChanges" TEXT,
    "dataState" TEXT,
    "dataItems" TEXT,
    "imageIds" TEXT,
    "preparationMs" DOUBLE PRECISION,
    "readyMs" DOUBLE PRECISION,
    "dockerHealthyMs" DOUBLE PRECISION,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PhaseTiming" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "services" TEXT NOT NULL,
    "startedAtMs" DOUBLE PRECISION,
    "readyAtMs" DOUBLE PRECISION,

    CONSTRAINT "PhaseTiming_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceTiming" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "container" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "createdAtMs" DOUBLE PRECISION,
    "startedAtMs" DOUBLE PRECISION,
    "runningAtMs" DOUBLE PRECISION,
    "readyAtMs" DOUBLE PRECISION,
    "dockerHealthyAtMs" DOUBLE PRECISION,
    "removedAtMs" DOUBLE PRECISION,
    "engineCreatedAtMs" DOUBLE PRECISION,
    "engineStartedAtMs" DOUBLE PRECISION,
    "engineHealthyAtMs" DOUBLE PRECISION,
    "engineDiedAtMs" DOUBLE PRECISION,
    "probeKind" TEXT,

    CONSTRAINT "ServiceTiming_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunEvent" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "t" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,

    CONSTRAINT "RunEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usernameKey" TEXT NOT NULL,
    "totpSecret" TEXT,
    "totpPending" TEXT,
    "totpEnabledAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PanelSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "PanelSetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "scope" TEXT,

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "detail" TEXT,
    "address" TEXT,
    "ok" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunStatBucket" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "container" TEXT NOT NULL,
    "t" DOUBLE PRECISION NOT NULL,
    "samples" INTEGER NOT NULL,
    "cpuPercentAvg" DOUBLE PRECISION NOT NULL,
    "cpuPercentMax" DOUBLE PRECISION NOT NULL,
    "memoryUsedBytesAvg" DOUBLE PRECISION NOT NULL,
    "memoryUsedBytesMax" DOUBLE PRECISION NOT NULL,
    "memoryLimitBytes" DOUBLE PRECISION NOT NULL,
    "netRxRateAvg" DOUBLE PRECISION NOT NULL,
    "netTxRateAvg" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "RunStatBucket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Batch" (
    "id" TEXT NOT NULL,
    "times" INTEGER NOT NULL,
    "request" TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "completed" INTEGER NOT NULL DEFAULT 0,
    "ownerId" TEXT,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunEffectiveFile" (
    "runId" TEXT NOT NULL,
    "topology" TEXT NOT NULL,
    "masked" TEXT NOT NULL,

    CONSTRAINT "RunEffectiveFile_pkey" PRIMARY KEY ("runId")
);

-- CreateTable
CREATE TABLE "TopologyPolicyApproval" (
    "id" TEXT NOT NULL,
    "topology" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "findings" TEXT NOT NULL,
    "approvedBy" TEXT NOT NULL,
    "approvedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TopologyPolicyApproval_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Run_startedAt_idx" ON "Run"("startedAt");

-- CreateIndex
CREATE INDEX "Run_topology_strategy_startedAt_idx" ON "Run"("topology", "strategy", "startedAt");

-- CreateIndex
CREATE INDEX "Run_project_startedAt_idx" ON "Run"("project", "startedAt");

-- CreateIndex
CREATE INDEX "Run_status_startedAt_idx" ON "Run"("status", "startedAt");

-- CreateIndex
CREATE INDEX "Run_batchId_idx" ON "Run"("batchId");

-- CreateIndex
CREATE INDEX "PhaseTiming_runId_idx" ON "PhaseTiming"("runId");

-- CreateIndex
CREATE INDEX "ServiceTiming_runId_idx" ON "ServiceTiming"("runId");

-- CreateIndex
CREATE INDEX "ServiceTiming_service_idx" ON "ServiceTiming"("service");

-- CreateIndex
CREATE INDEX "RunEvent_runId_t_idx" ON "RunEvent"("runId", "t");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "User_usernameKey_key" ON "User"("usernameKey");

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "RunStatBucket_runId_t_idx" ON "RunStatBucket"("runId", "t");

-- CreateIndex
CREATE INDEX "Batch_status_idx" ON "Batch"("status");

-- CreateIndex
CREATE INDEX "TopologyPolicyApproval_topology_contentHash_idx" ON "TopologyPolicyApproval"("topology", "contentHash");

-- AddForeignKey
ALTER TABLE "PhaseTiming" ADD CONSTRAINT "PhaseTiming_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceTiming" ADD CONSTRAINT "ServiceTiming_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunEvent" ADD CONSTRAINT "RunEvent_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunStatBucket" ADD CONSTRAINT "RunStatBucket_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunEffectiveFile" ADD CONSTRAINT "RunEffectiveFile_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

