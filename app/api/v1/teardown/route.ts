import { teardownEndpoint } from "@/lib/api/endpoints/actions";

export const POST = teardownEndpoint.handle;
