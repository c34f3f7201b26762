// The shape of every client→server event's arguments, checked before any handler runs: a
// malformed payload is answered on its acknowledgement, never thrown inside a handler.
import { z } from "zod";
import { LOG_QUERY_MAX_CHARS, LOG_STREAMS } from "@/lib/log-query";
import type { ClientToServerEvents } from "./events";

const ZProject = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "a compose project name (a-z, 0-9, - and _)");
const ZService = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, "a service name");
const ZEnvironment = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,60}$/, "an environment's name or id")
  .optional();
const ZRunId = z.string().min(1).max(100);

/** Arguments before the acknowledgement, per event. `satisfies` makes a new event need an entry. */
export const CLIENT_EVENT_PAYLOADS = {
  ping: z.tuple([]),
  "stats:watch": z.tuple([z.object({ project: ZProject, environment: ZEnvironment })]),
  "stats:unwatch": z.tuple([z.object({ project: ZProject, environment: ZEnvironment })]),
  "run:watch": z.tuple([z.object({ runId: ZRunId })]),
  "run:unwatch": z.tuple([z.object({ runId: ZRunId })]),
  "runs:watch": z.tuple([]),
  "logs:follow": z.tuple([z.object({ project: ZProject, service: ZService, environment: ZEnvironment })]),
  "logs:followProject": z.tuple([
    z.object({
      project: ZProject,
      environment: ZEnvironment,
      sinceMs: z.number().int().min(0),
      services: z.array(ZService).max(100).optional(),
      stream: z.enum(LOG_STREAMS).optional(),
      q: z.string().max(LOG_QUERY_MAX_CHARS).optional(),
      regex: z.boolean().optional(),
    }),
  ]),
  "logs:unfollow": z.tuple([]),
  "images:watch": z.tuple([]),
  "backups:watch": z.tuple([]),
  "migrations:watch": z.tuple([]),
} as const satisfies Record<keyof ClientToServerEvents, z.ZodType>;

/** Why the arguments of `event` are malformed, or null when they fit (unknown events: null). */
export const payloadProblem = (event: string, args: unknown[]): string | null => {
  if (!Object.hasOwn(CLIENT_EVENT_PAYLOADS, event)) return null;
  const schema = CLIENT_EVENT_PAYLOADS[event as keyof typeof CLIENT_EVENT_PAYLOADS];
  if (typeof args.at(-1) !== "function") return `${event} needs an acknowledgement callback`;
  const parsed = schema.safeParse(args.slice(0, -1));
  if (parsed.success) return null;
  const problems = parsed.error.issues.map((i) => `${i.path.slice(1).join(".") || "payload"}: ${i.message}`);
  return `bad ${event} payload: ${problems.join("; ")}`;
};
