import { statusEndpoint } from "@/lib/api/endpoints/cluster";

export const GET = statusEndpoint.handle;
