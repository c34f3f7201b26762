// Readers for one service field in the units the Engine takes; a value that is not one reports an
// `invalid_value` at its own line and reads as null, so a bad value never reaches Docker.
import { asRecord, isTruthy, report, scalarText } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import { parseDurationMs, parseMemoryBytes } from "./units";
import type { PathSegment } from "./yaml-source";

/** Reads the fields of one mapping (a service, its deploy.resources, …) at `path`. */
export const fieldReader = ({
  ctx,
  raw,
  path,
}: {
  ctx: NormalizeContext;
  raw: Record<string, unknown>;
  path: PathSegment[];
}) => {
  const has = (key: string) => raw[key] !== undefined && raw[key] !== null;
  const bad = (key: string, message: string) => {
    report({ ctx, code: "invalid_value", path: [...path, key], message });
    return null;
  };
  return {
    has,
    text: (key: string): string | null => (has(key) ? scalarText(raw[key]) : null),
    flag: (key: string): boolean | null => (has(key) ? isTruthy(raw[key]) : null),
    integer: (key: string): number | null => {
      if (!has(key)) return null;
      const value = Number(scalarText(raw[key]));
      return Number.isInteger(value) ? value : bad(key, `"${scalarText(raw[key])}" is not a whole number`);
    },
    /** Bytes; "-1" stays -1 (unlimited) when `unlimited` is allowed. */
    bytes: (key: string, unlimited = false): number | null => {
      if (!has(key)) return null;
      const value = raw[key];
      if (unlimited && scalarText(value) === "-1") return -1;
      const bytes = parseMemoryBytes({ value: typeof value === "number" ? value : scalarText(value) });
      return (
        bytes ?? bad(key, `invalid size "${scalarText(value)}": use bytes or a number with b, k, m or g`)
      );
    },
    /** A Go duration or a plain number of microseconds, in microseconds. */
    micros: (key: string): number | null => {
      if (!has(key)) return null;
      const value = raw[key];
      if (typeof value === "number" || /^\d+$/.test(scalarText(value))) return Number(value);
      const ms = parseDurationMs({ value: scalarText(value) });
      return ms === null ? bad(key, `invalid duration "${scalarText(value)}"`) : Math.round(ms * 1000);
    },
    seconds: (key: string): number | null => {
      if (!has(key)) return null;
      const value = raw[key];
      const ms = parseDurationMs({ value: typeof value === "number" ? value : scalarText(value) });
      return ms === null ? bad(key, `invalid duration "${scalarText(value)}"`) : Math.floor(ms / 1000);
    },
    /** string_or_list: one string or a list of them. */
    list: (key: string): string[] =>
      !has(key)
        ? []
        : Array.isArray(raw[key])
          ? (raw[key] as unknown[]).map(scalarText)
          : [scalarText(raw[key])],
    map: (key: string): Record<string, string> =>
      Object.fromEntries(Object.entries(asRecord(raw[key]) ?? {}).map(([k, v]) => [k, scalarText(v)])),
  };
};

export type FieldReader = ReturnType<typeof fieldReader>;
