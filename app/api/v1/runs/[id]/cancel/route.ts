import { cancelEndpoint } from "@/lib/api/endpoints/actions";

export const POST = cancelEndpoint.handle;
