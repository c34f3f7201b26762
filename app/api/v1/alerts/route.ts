import { alertsEndpoint } from "@/lib/api/endpoints/alerts";

export const GET = alertsEndpoint.handle;
