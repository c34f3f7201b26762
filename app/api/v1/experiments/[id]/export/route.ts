import { experimentExportEndpoint } from "@/lib/api/endpoints/experiments";

export const GET = experimentExportEndpoint.handle;
