// The alert rules: one constant the schema, the evaluator, the API and the docs read. Every rule is
// on by default; a project may turn one off or change its threshold (AlertRuleSetting rows).
import { z } from "zod";

export const ALERT_RULES = [
  {
    rule: "container_died",
    title: "Container died",
    threshold: null,
    unit: null,
    description:
      "a container exited non-zero (or was killed) while no teardown or scale-down of the panel ran",
  },
  {
    rule: "unhealthy",
    title: "Container unhealthy",
    threshold: 3,
    unit: "health intervals",
    description: "Docker reported the container unhealthy for longer than N of its health-check intervals",
  },
  {
    rule: "restart_loop",
    title: "Restart loop",
    threshold: 3,
    unit: "restarts in 5 min",
    description: "the container restarted N times or more within 5 minutes (raised once, not per restart)",
  },
  {
    rule: "run_failed",
    title: "Run failed",
    threshold: null,
    unit: null,
    description: "a deploy, scale or teardown run finished failed",
  },
  {
    rule: "deploy_regression",
    title: "Deploy slower than usual",
    threshold: 10,
    unit: "% over the median",
    description:
      "a healthy deploy took longer than the median of the topology's previous deploys under equal conditions by more than the margin",
  },
  {
    rule: "engine_unreachable",
    title: "Engine or Swarm node unreachable",
    threshold: 30,
    unit: "seconds without an answer",
    description:
      "the Docker engine did not answer a ping for N seconds, or a Swarm node it manages was down (or its manager unreachable) that long",
  },
  {
    rule: "data_root_full",
    title: "Docker data root almost full",
    threshold: 90,
    unit: "% used",
    description: "the file system holding Docker's data root (docker info: DockerRootDir) is this full",
  },
] as const;

export type AlertRule = (typeof ALERT_RULES)[number]["rule"];
export const ALERT_RULE_NAMES = ALERT_RULES.map((r) => r.rule) as [AlertRule, ...AlertRule[]];
export const ZAlertRule = z.enum(ALERT_RULE_NAMES);

/** The restart-loop window. */
export const RESTART_WINDOW_MS = 5 * 60_000;

/** A rule's effective setting for one project; `remedy`: restart the container once when it opens. */
export type RuleSetting = { enabled: boolean; threshold: number | null; remedy?: boolean };

/** The default setting of a rule: on, its default threshold, no remedy. */
export const defaultRuleSetting = (rule: AlertRule): RuleSetting => ({
  enabled: true,
  threshold: ALERT_RULES.find((r) => r.rule === rule)?.threshold ?? null,
  remedy: false,
});

/** The rules whose alert may restart the container (the remedy). */
export const REMEDY_RULES: readonly AlertRule[] = ["container_died", "unhealthy"];
/** Restarts the remedy makes per service and hour, at most. */
export const REMEDY_MAX_PER_HOUR = 3;

/** The title people read for a rule. */
export const ruleTitle = (rule: AlertRule): string => ALERT_RULES.find((r) => r.rule === rule)?.title ?? rule;

/** A rule's threshold as the evaluator uses it (the stored one, else the default). */
export const thresholdOf = (rule: AlertRule, setting: RuleSetting | undefined): number =>
  setting?.threshold ?? defaultRuleSetting(rule).threshold ?? 0;

/** A change of one project's rules: thresholds must be positive (0 or less would fire always or never). */
export const ZRuleChange = z
  .object({
    enabled: z.boolean().optional(),
    threshold: z.number().positive("must be greater than 0").max(1_000_000).nullable().optional(),
    remedy: z
      .boolean()
      .optional()
      .describe("restart the container once when the alert opens (container_died, unhealthy)"),
  })
  .strict();

/** The body of POST /api/v1/alert-rules/{project}: rule → change; an unknown rule is named. */
export const ZRuleChanges = z.strictObject(
  Object.fromEntries(ALERT_RULE_NAMES.map((rule) => [rule, ZRuleChange.optional()])) as Record<
    AlertRule,
    z.ZodOptional<typeof ZRuleChange>
  >,
);
export type RuleChanges = z.infer<typeof ZRuleChanges>;

/** The engine-wide "project" (the engine and data-root rules' settings live under it). */
export const ENGINE_WIDE = "*";
