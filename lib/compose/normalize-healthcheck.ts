import { asRecord, isTruthy, report, scalarText } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import type { Healthcheck } from "./types";
import { parseDurationMs } from "./units";
import type { PathSegment } from "./yaml-source";

// Docker's defaults when a field is not given.
const DEFAULT_INTERVAL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 3;

/** True when the file switches the health check off (`disable: true` or a NONE test). */
export const isHealthcheckDisabled = (value: unknown): boolean => {
  const raw = asRecord(value);
  if (!raw) return false;
  return isTruthy(raw.disable) || (Array.isArray(raw.test) && raw.test[0] === "NONE") || raw.test === "NONE";
};

/**
 * Normalizes `healthcheck`: a string test becomes ["CMD-SHELL", s]; `disable: true` or a NONE test
 * is null, and so is one that sets nothing but `disable: false` (the image's check stays as it is);
 * a health check without `test` keeps [] (the Engine then inherits the image's test).
 */
export const normalizeHealthcheck = ({
  ctx,
  value,
  path,
}: {
  ctx: NormalizeContext;
  value: unknown;
  path: PathSegment[];
}): Healthcheck | null => {
  const raw = asRecord(value);
  if (!raw) return null;
  if (isTruthy(raw.disable)) return null;
  if (Object.keys(raw).every((key) => key === "disable")) return null;
  const test =
    typeof raw.test === "string"
      ? ["CMD-SHELL", raw.test]
      : Array.isArray(raw.test)
        ? raw.test.map(scalarText)
        : [];
  if (test[0] === "NONE") return null;
  if (test.length > 0 && test[0] !== "CMD" && test[0] !== "CMD-SHELL") {
    report({
      ctx,
      code: "invalid_value",
      path: [...path, "test"],
      message: `a test list must start with "CMD", "CMD-SHELL" or "NONE", got "${test[0]}"`,
    });
  }
  const duration = (key: string, fallback: number | null): number | null => {
    if (raw[key] === undefined || raw[key] === null) return fallback;
    const ms = parseDurationMs({ value: scalarText(raw[key]) });
    if (ms === null) {
      report({
        ctx,
        code: "duration",
        path: [...path, key],
        message: `invalid duration "${scalarText(raw[key])}": use a number with a unit, e.g. "30s", "1m30s", "1.5s", "300ms" or "2h"`,
      });
      return fallback;
    }
    return ms;
  };
  // "" (an unset variable) is no number: Number("") would be 0 retries, silently.
  const retries =
    raw.retries === undefined ? DEFAULT_RETRIES : raw.retries === "" ? Number.NaN : Number(raw.retries);
  if (!Number.isInteger(retries) || retries < 0) {
    report({
      ctx,
      code: "invalid_value",
      path: [...path, "retries"],
      message: `retries must be a whole number, got "${scalarText(raw.retries)}"`,
    });
  }
  return {
    test,
    intervalMs: duration("interval", DEFAULT_INTERVAL_MS) ?? DEFAULT_INTERVAL_MS,
    timeoutMs: duration("timeout", DEFAULT_TIMEOUT_MS) ?? DEFAULT_TIMEOUT_MS,
    retries: Number.isInteger(retries) && retries >= 0 ? retries : DEFAULT_RETRIES,
    startPeriodMs: duration("start_period", 0) ?? 0,
    startIntervalMs: duration("start_interval", null),
  };
};
