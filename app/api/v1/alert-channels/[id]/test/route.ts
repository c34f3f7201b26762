import { testAlertChannelEndpoint } from "@/lib/api/endpoints/alerts";

export const POST = testAlertChannelEndpoint.handle;
