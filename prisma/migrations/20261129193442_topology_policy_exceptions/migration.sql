-- CreateTable
CREATE TABLE "TopologyPolicyApproval" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "topology" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "findings" TEXT NOT NULL,
    "approvedBy" TEXT NOT NULL,
    "approvedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "TopologyPolicyApproval_topology_contentHash_idx" ON "TopologyPolicyApproval"("topology", "contentHash");
