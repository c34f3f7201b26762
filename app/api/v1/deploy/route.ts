import { deployEndpoint } from "@/lib/api/endpoints/actions";

export const POST = deployEndpoint.handle;
