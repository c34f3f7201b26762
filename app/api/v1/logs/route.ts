import { logsEndpoint } from "@/lib/api/endpoints/history";

export const GET = logsEndpoint.handle;
