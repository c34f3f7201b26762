// `pull_policy` as Compose v2 reads it: always, missing (if_not_present, the default), never,
// build, and the refresh policies daily, weekly and every_<duration> (pull again once the image's
// last tag is older than the duration). One definition read by the loader (refuse-keys.ts,
// normalize-service.ts) and the deploy's image preparation (lib/deploy/prepare.ts).

/** A parsed pull policy; `refresh` pulls when the local tag is older than `afterMs`. */
export type PullPolicy =
  | { kind: "always" }
  | { kind: "missing" }
  | { kind: "never" }
  | { kind: "build" }
  | { kind: "refresh"; afterMs: number };

/** What a person may write, for the refusal of anything else. */
export const PULL_POLICY_HINT =
  "use always, missing (if_not_present), never, build, daily, weekly or every_<duration> (e.g. every_12h, every_1w2d)";

const UNIT_MS: Record<string, number> = {
  w: 7 * 24 * 3_600_000,
  d: 24 * 3_600_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
};

/** `every_<duration>`'s duration in milliseconds ("1d12h" → 129 600 000), or null when malformed or zero. */
const everyMs = (text: string): number | null => {
  if (!/^([0-9]+[wdhms])+$/.test(text)) return null;
  let total = 0;
  for (const [, count, unit] of text.matchAll(/([0-9]+)([wdhms])/g))
    total += Number(count) * (UNIT_MS[unit ?? ""] ?? 0);
  return total > 0 ? total : null;
};

/** The policy a `pull_policy` value names, or null when Compose would not accept it. */
export const pullPolicyOf = ({ value }: { value: string }): PullPolicy | null => {
  switch (value) {
    case "always":
    case "never":
    case "build":
    case "missing":
      return { kind: value };
    case "if_not_present":
      return { kind: "missing" };
    case "daily":
      return { kind: "refresh", afterMs: UNIT_MS.d ?? 0 };
    case "weekly":
      return { kind: "refresh", afterMs: UNIT_MS.w ?? 0 };
  }
  const afterMs = value.startsWith("every_") ? everyMs(value.slice("every_".length)) : null;
  return afterMs === null ? null : { kind: "refresh", afterMs };
};

/**
 * Whether a deploy pulls the image before it runs, as Compose decides: always pulls; missing pulls
 * an absent image; refresh pulls an absent image or one last tagged more than `afterMs` ago; never
 * and build never pull.
 */
export const mustPull = ({
  policy,
  present,
  lastTagTimeMs,
  nowMs,
}: {
  policy: PullPolicy;
  present: boolean;
  /** When the local tag was last set (pulled, tagged, built); null when the engine does not know. */
  lastTagTimeMs: number | null;
  nowMs: number;
}): boolean => {
  switch (policy.kind) {
    case "always":
      return true;
    case "never":
    case "build":
      return false;
    case "missing":
      return !present;
    case "refresh":
      return !present || lastTagTimeMs === null || nowMs >= lastTagTimeMs + policy.afterMs;
  }
};

/** A policy as a person reads it ("missing", "every 36h"); absent is Compose's default, missing. */
export const pullPolicyText = (policy: PullPolicy | undefined): string => {
  if (!policy) return "missing";
  if (policy.kind !== "refresh") return policy.kind;
  const hours = policy.afterMs / 3_600_000;
  return Number.isInteger(hours) ? `every ${hours}h` : `every ${Math.round(policy.afterMs / 1000)}s`;
};
