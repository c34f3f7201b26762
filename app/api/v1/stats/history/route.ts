import { statsHistoryEndpoint } from "@/lib/api/endpoints/history";

export const GET = statsHistoryEndpoint.handle;
