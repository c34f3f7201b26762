import { experimentsEndpoint, startExperimentEndpoint } from "@/lib/api/endpoints/experiments";

export const GET = experimentsEndpoint.handle;
export const POST = startExperimentEndpoint.handle;
