import { alertRulesEndpoint, changeAlertRulesEndpoint } from "@/lib/api/endpoints/alerts";

export const GET = alertRulesEndpoint.handle;
export const POST = changeAlertRulesEndpoint.handle;
