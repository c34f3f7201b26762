-- CreateTable
CREATE TABLE "ContainerStatSample" (
    "id" SERIAL NOT NULL,
    "project" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "container" TEXT NOT NULL,
    "t" DOUBLE PRECISION NOT NULL,
    "resolutionS" INTEGER NOT NULL,
    "cpuPercent" DOUBLE PRECISION NOT NULL,
    "memoryUsedBytes" DOUBLE PRECISION NOT NULL,
    "memoryLimitBytes" DOUBLE PRECISION NOT NULL,
    "netRxBytes" DOUBLE PRECISION NOT NULL,
    "netTxBytes" DOUBLE PRECISION NOT NULL,
    "blockReadBytes" DOUBLE PRECISION NOT NULL,
    "blockWriteBytes" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ContainerStatSample_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ContainerStatSample_resolutionS_project_t_idx" ON "ContainerStatSample"("resolutionS", "project", "t");

-- CreateIndex
CREATE INDEX "ContainerStatSample_resolutionS_t_idx" ON "ContainerStatSample"("resolutionS", "t");

