import { testEnvironmentEndpoint } from "@/lib/api/endpoints/environments";

export const POST = testEnvironmentEndpoint.handle;
