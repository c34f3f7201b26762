import { startMigrationEndpoint } from "@/lib/api/endpoints/migrations";

export const POST = startMigrationEndpoint.handle;
