import { restoreBackupEndpoint } from "@/lib/api/endpoints/backups";

export const POST = restoreBackupEndpoint.handle;
