-- CreateIndex
CREATE INDEX "Run_topology_startedAt_idx" ON "Run"("topology", "startedAt");

-- CreateIndex
CREATE INDEX "Run_strategy_startedAt_idx" ON "Run"("strategy", "startedAt");

