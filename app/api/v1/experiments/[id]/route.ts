import { experimentEndpoint } from "@/lib/api/endpoints/experiments";

export const GET = experimentEndpoint.handle;
