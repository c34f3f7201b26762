import { runEventsEndpoint } from "@/lib/api/endpoints/runs";

// Streams (Server-Sent Events) must not be buffered or cached by Next.
export const dynamic = "force-dynamic";
export const GET = runEventsEndpoint.handle;
