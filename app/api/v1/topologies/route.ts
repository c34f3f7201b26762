import { topologiesEndpoint } from "@/lib/api/endpoints/cluster";

export const GET = topologiesEndpoint.handle;
