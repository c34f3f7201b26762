import { cancelExperimentEndpoint } from "@/lib/api/endpoints/experiments";

export const POST = cancelExperimentEndpoint.handle;
