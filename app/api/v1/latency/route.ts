import { latencyEndpoint } from "@/lib/api/endpoints/actions";

export const POST = latencyEndpoint.handle;
