import { backupsEndpoint } from "@/lib/api/endpoints/backups";

export const GET = backupsEndpoint.handle;
