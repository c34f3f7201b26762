import { asRecord, isTruthy, scalarText } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import { shellSplit } from "./shell-split";
import type { Dependency, DependencyCondition } from "./types";

/** `command` / `entrypoint`: a string is split like a shell, a list is kept. */
export const commandOf = ({ value }: { value: unknown }): string[] | null =>
  typeof value === "string"
    ? shellSplit({ text: value })
    : Array.isArray(value)
      ? value.map(scalarText)
      : null;

/** `environment` as list or map; `KEY` without a value takes the caller's env (omitted if unset). */
export const environmentOf = ({
  ctx,
  value,
}: {
  ctx: NormalizeContext;
  value: unknown;
}): Record<string, string> => {
  const out: Record<string, string> = {};
  const take = (key: string, raw: unknown, hasValue: boolean) => {
    const fromEnv = ctx.env[key];
    if (hasValue) out[key] = scalarText(raw);
    else if (fromEnv !== undefined) out[key] = fromEnv;
  };
  if (Array.isArray(value)) {
    for (const item of value.map(scalarText)) {
      const eq = item.indexOf("=");
      take(eq < 0 ? item : item.slice(0, eq), eq < 0 ? null : item.slice(eq + 1), eq >= 0);
    }
  } else
    for (const [key, raw] of Object.entries(asRecord(value) ?? {}))
      take(key, raw, raw !== null && raw !== undefined);
  return out;
};

/** `depends_on` as a list (service_started) or a map with condition / required / restart. */
export const dependenciesOf = ({ value }: { value: unknown }): Dependency[] =>
  Array.isArray(value)
    ? value.map((name) => ({
        service: scalarText(name),
        condition: "service_started",
        required: true,
        restart: false,
      }))
    : Object.entries(asRecord(value) ?? {}).map(([service, raw]) => {
        const options = asRecord(raw) ?? {};
        return {
          service,
          condition: (typeof options.condition === "string"
            ? options.condition
            : "service_started") as DependencyCondition,
          required: options.required !== false && options.required !== "false",
          restart: isTruthy(options.restart),
        };
      });
