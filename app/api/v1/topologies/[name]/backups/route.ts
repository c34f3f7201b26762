import { startBackupEndpoint } from "@/lib/api/endpoints/backups";

export const POST = startBackupEndpoint.handle;
