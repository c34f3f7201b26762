// What the rules decide: open an alert (deduplicated by key while it lasts) or resolve it.
import type { NewAlert } from "@/lib/db/alerts";
import type { AlertRule } from "./rules";

/** An alert to open: what is stored, with its rule typed. */
export type OpenSignal = { kind: "open"; rule: AlertRule } & Omit<NewAlert, "rule">;
export type ResolveSignal = { kind: "resolve"; key: string; detail: string };
export type AlertSignal = OpenSignal | ResolveSignal;

/** The deduplication key: one open alert per rule, engine, project and subject. */
export const alertKey = ({
  rule,
  environment,
  project,
  subject,
}: {
  rule: AlertRule;
  environment: string | null;
  project: string | null;
  subject: string | null;
}): string => [rule, environment ?? "local", project ?? "-", subject ?? "-"].join("|");
