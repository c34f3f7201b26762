import { topologyEndpoint } from "@/lib/api/endpoints/cluster";

export const GET = topologyEndpoint.handle;
