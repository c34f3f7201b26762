import { addAlertChannelEndpoint, alertChannelsEndpoint } from "@/lib/api/endpoints/alerts";

export const GET = alertChannelsEndpoint.handle;
export const POST = addAlertChannelEndpoint.handle;
