import { runsEndpoint } from "@/lib/api/endpoints/runs";

export const GET = runsEndpoint.handle;
