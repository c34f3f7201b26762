import { scaleEndpoint } from "@/lib/api/endpoints/actions";

export const POST = scaleEndpoint.handle;
