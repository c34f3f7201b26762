import { removeEnvironmentEndpoint } from "@/lib/api/endpoints/environments";

export const DELETE = removeEnvironmentEndpoint.handle;
