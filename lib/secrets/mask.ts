// Secrets replaced by references instead of a placeholder: `${DB_PASSWORD}` where the value was, so
// a file written from the masked value reproduces the run with `--env-file <secrets>`.
import { isSecretName, MIN_READ_VALUE_CHARS } from "./redact";

export type MaskSecretsOptions<T> = {
  value: T;
  env: Record<string, string | undefined>;
  /** Values a topology's env files held: masked whatever their variable is called. */
  read?: readonly { name: string; value: string }[];
};

/**
 * The value with every secret value of `env`, and every value of `read` (at least
 * MIN_READ_VALUE_CHARS long), replaced by `${NAME}`, and the names it used.
 */
export const maskSecrets = <T>({
  value,
  env,
  read = [],
}: MaskSecretsOptions<T>): { value: T; masked: string[] } => {
  const secrets = [
    ...Object.entries(env).filter((entry): entry is [string, string] =>
      Boolean(entry[1] && entry[1].length >= 4 && isSecretName(entry[0])),
    ),
    ...read
      .filter((v) => v.value.length >= MIN_READ_VALUE_CHARS)
      .map((v): [string, string] => [v.name, v.value]),
  ].sort(([, a], [, b]) => b.length - a.length);
  const used = new Set<string>();
  const text = (input: string): string =>
    secrets.reduce((out, [name, secret]) => {
      if (!out.includes(secret)) return out;
      used.add(name);
      return out.split(secret).join(`\${${name}}`);
    }, input);
  const walk = (input: unknown): unknown => {
    if (typeof input === "string") return text(input);
    if (Array.isArray(input)) return input.map(walk);
    if (input && typeof input === "object")
      return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, walk(v)]));
    return input;
  };
  const masked = walk(value) as T;
  return { value: masked, masked: [...used].sort() };
};
