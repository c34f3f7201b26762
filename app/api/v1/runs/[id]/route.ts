import { runEndpoint } from "@/lib/api/endpoints/runs";

export const GET = runEndpoint.handle;
