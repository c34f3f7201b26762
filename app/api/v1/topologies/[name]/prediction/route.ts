import { predictionEndpoint } from "@/lib/api/endpoints/prediction";

export const GET = predictionEndpoint.handle;
