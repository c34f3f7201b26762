/**
 * Compose variable interpolation: `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`, `$$` for a literal `$`, nested
 * expressions in the default/alternative/message. Only the branch that is used is expanded,
 * so a required variable inside an unused default is not reported.
 */

export type Env = Record<string, string | undefined>;

/** Why a string could not be expanded. */
export type InterpolationProblem =
  { kind: "missing_required"; name: string; message: string } | { kind: "invalid"; message: string };

/** The expanded string and what was found on the way. */
export type InterpolationResult = {
  value: string;
  problems: InterpolationProblem[];
  /** Every `${VAR:?msg}` / `${VAR?msg}` met while expanding, set or not. */
  required: { name: string; message: string }[];
  /** Variables used bare (`$VAR`, `${VAR}`) while unset: they expand to "" and Compose warns. */
  unset: string[];
};

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS = [":-", ":?", ":+", "-", "?", "+"] as const;

/** Index of the `}` closing the `${` that starts at `open`, honouring nested `${...}`. */
const closingBrace = (text: string, open: number): number => {
  let depth = 0;
  for (let index = open; index < text.length; index += 1) {
    if (text[index] === "$" && text[index + 1] === "$") index += 1;
    else if (text[index] === "$" && text[index + 1] === "{") {
      depth += 1;
      index += 1;
    } else if (text[index] === "}") {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
};

const expandBraced = (body: string, env: Env, result: InterpolationResult): string => {
  const name = NAME.exec(body)?.[0];
  if (!name) {
    result.problems.push({ kind: "invalid", message: `invalid interpolation format "\${${body}}"` });
    return "";
  }
  const rest = body.slice(name.length);
  const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
  if (rest.length > 0 && !operator) {
    result.problems.push({ kind: "invalid", message: `invalid interpolation format "\${${body}}"` });
    return "";
  }
  const raw = env[name];
  const isSet = raw !== undefined;
  const isNonEmpty = isSet && raw !== "";
  const argument = () => expandInto(rest.slice(operator?.length ?? 0), env, result);
  switch (operator) {
    case undefined:
      if (!isSet) result.unset.push(name);
      return raw ?? "";
    case ":-":
      return isNonEmpty ? raw : argument();
    case "-":
      return isSet ? raw : argument();
    case ":+":
      return isNonEmpty ? argument() : "";
    case "+":
      return isSet ? argument() : "";
    case ":?":
    case "?": {
      const message = argument();
      result.required.push({ name, message });
      const ok = operator === ":?" ? isNonEmpty : isSet;
      if (!ok) result.problems.push({ kind: "missing_required", name, message });
      return raw ?? "";
    }
  }
};

const expandInto = (text: string, env: Env, result: InterpolationResult): string => {
  let out = "";
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char !== "$") {
      out += char;
      index += 1;
      continue;
    }
    const next = text[index + 1];
    if (next === "$") {
      out += "$";
      index += 2;
    } else if (next === "{") {
      const close = closingBrace(text, index);
      if (close < 0) {
        result.problems.push({
          kind: "invalid",
          message: `invalid interpolation format "${text.slice(index)}": missing "}"`,
        });
        return out;
      }
      out += expandBraced(text.slice(index + 2, close), env, result);
      index = close + 1;
    } else {
      const name = NAME.exec(text.slice(index + 1))?.[0];
      if (!name) {
        result.problems.push({
          kind: "invalid",
          message: `invalid interpolation format "${text}": use "$$" for a literal "$"`,
        });
        return out;
      }
      if (env[name] === undefined) result.unset.push(name);
      out += env[name] ?? "";
      index += 1 + name.length;
    }
  }
  return out;
};

/** Expands one string exactly as Compose does; problems are collected, never thrown. */
export const interpolateString = ({ text, env }: { text: string; env: Env }): InterpolationResult => {
  const result: InterpolationResult = { value: "", problems: [], required: [], unset: [] };
  result.value = expandInto(text, env, result);
  return result;
};
