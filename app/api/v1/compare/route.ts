import { compareEndpoint } from "@/lib/api/endpoints/compare";

export const GET = compareEndpoint.handle;
