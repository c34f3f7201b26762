import { batchEndpoint } from "@/lib/api/endpoints/actions";

export const POST = batchEndpoint.handle;
