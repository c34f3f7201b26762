import { deleteBackupEndpoint } from "@/lib/api/endpoints/backups";

export const DELETE = deleteBackupEndpoint.handle;
