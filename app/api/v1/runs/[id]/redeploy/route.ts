import { redeployEndpoint } from "@/lib/api/endpoints/actions";

export const POST = redeployEndpoint.handle;
