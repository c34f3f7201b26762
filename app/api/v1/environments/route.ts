import { addEnvironmentEndpoint, environmentsEndpoint } from "@/lib/api/endpoints/environments";

export const GET = environmentsEndpoint.handle;
export const POST = addEnvironmentEndpoint.handle;
