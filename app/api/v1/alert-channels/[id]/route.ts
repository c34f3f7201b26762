import { removeAlertChannelEndpoint } from "@/lib/api/endpoints/alerts";

export const DELETE = removeAlertChannelEndpoint.handle;
