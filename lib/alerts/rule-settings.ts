// Rule settings per project, as admins change them: every rule on by default; a threshold must be
// positive (the schema) and a percentage at most 100.
import type { Actor } from "@/lib/auth/principal";
import { listRuleSettings, saveRuleSettings } from "@/lib/db/alerts";
import { recordAudit } from "@/lib/db/audit";
import { refusedFields, type FieldProblem } from "@/lib/http/field-problems";
import {
  ALERT_RULES,
  defaultRuleSetting,
  REMEDY_RULES,
  ZAlertRule,
  type AlertRule,
  type RuleChanges,
  type RuleSetting,
} from "./rules";
import { reloadAlertSettings } from "./watches";

export { ENGINE_WIDE } from "./rules";

export type ProjectRules = {
  project: string;
  rules: (RuleSetting & { rule: AlertRule; unit: string | null })[];
};

/** Every rule's effective setting for a project. */
export const rulesFor = async (project: string): Promise<ProjectRules> => {
  const stored = (await listRuleSettings()).filter((s) => s.project === project);
  return {
    project,
    rules: ALERT_RULES.map(({ rule, unit }) => {
      const row = stored.find((s) => s.rule === rule);
      return {
        rule,
        unit,
        ...(row
          ? { enabled: row.enabled, threshold: row.threshold, remedy: row.remedy }
          : defaultRuleSetting(rule)),
      };
    }),
  };
};

const PERCENT_RULES: readonly AlertRule[] = ["data_root_full"];

/** Stores a project's rule changes (all or none) and answers the settings now in force. */
export const changeRules = async ({
  principal,
  address,
  project,
  changes,
}: Actor & { project: string; changes: RuleChanges }): Promise<ProjectRules> => {
  const problems: FieldProblem[] = [];
  for (const [rule, change] of Object.entries(changes)) {
    const parsed = ZAlertRule.parse(rule);
    if (change?.threshold != null && PERCENT_RULES.includes(parsed) && change.threshold > 100)
      problems.push({ path: `${rule}.threshold`, message: "a percentage: at most 100" });
    if (
      change?.threshold !== undefined &&
      change.threshold !== null &&
      defaultRuleSetting(parsed).threshold === null
    )
      problems.push({ path: `${rule}.threshold`, message: "this rule has no threshold: leave it out" });
    if (change?.remedy === true && !REMEDY_RULES.includes(parsed))
      problems.push({
        path: `${rule}.remedy`,
        message: `only ${REMEDY_RULES.join(" and ")} restart a container`,
      });
  }
  if (problems.length > 0) throw refusedFields({ problems, what: "alert rules" });
  const current = await rulesFor(project);
  const settings = Object.entries(changes).map(([rule, change]) => {
    const now = current.rules.find((r) => r.rule === rule);
    return {
      project,
      rule,
      enabled: change?.enabled ?? now?.enabled ?? true,
      threshold: change?.threshold === undefined ? (now?.threshold ?? null) : change.threshold,
      remedy: change?.remedy ?? now?.remedy ?? false,
    };
  });
  await saveRuleSettings({ settings, by: principal.username });
  // The running watches read them now, not at their next periodic reload.
  await reloadAlertSettings();
  await recordAudit({
    actor: principal.username,
    action: "alert-rules.change",
    target: project,
    address,
    detail: changes,
  });
  return rulesFor(project);
};
