import { reportEndpoint } from "@/lib/api/endpoints/report";

export const GET = reportEndpoint.handle;
