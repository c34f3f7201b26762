import { migrationEndpoint } from "@/lib/api/endpoints/migrations";

export const GET = migrationEndpoint.handle;
