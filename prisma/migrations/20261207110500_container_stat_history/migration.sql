-- CreateTable
CREATE TABLE "ContainerStatSample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "container" TEXT NOT NULL,
    "t" REAL NOT NULL,
    "resolutionS" INTEGER NOT NULL,
    "cpuPercent" REAL NOT NULL,
    "memoryUsedBytes" REAL NOT NULL,
    "memoryLimitBytes" REAL NOT NULL,
    "netRxBytes" REAL NOT NULL,
    "netTxBytes" REAL NOT NULL,
    "blockReadBytes" REAL NOT NULL,
    "blockWriteBytes" REAL NOT NULL
);

-- CreateIndex
CREATE INDEX "ContainerStatSample_resolutionS_project_t_idx" ON "ContainerStatSample"("resolutionS", "project", "t");

-- CreateIndex
CREATE INDEX "ContainerStatSample_resolutionS_t_idx" ON "ContainerStatSample"("resolutionS", "t");

