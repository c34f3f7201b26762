import { openApiHandle } from "@/lib/api/endpoints/openapi";

export const GET = openApiHandle;
