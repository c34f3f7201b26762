"use client";
// A migration's steps on its run page: as the page was rendered, then live while it runs.
import type { MigrationState } from "@/lib/migrations/steps";
import { MigrationSteps } from "./migration-steps";
import { useMigration } from "./use-migration";

export const LiveMigrationSteps = ({ id, migration }: { id: string; migration: MigrationState }) => {
  const live = useMigration(migration.outcome === "running" ? id : null);
  return <MigrationSteps migration={live ?? migration} />;
};
