// Secrets never leave the server in clear: not to the browser, the database, logs or exports.
// A redactor knows secret variable names and their values, and scrubs both keys and free text.

export const REDACTED = "••••••";

/** Names that denote a secret (every variable the topologies require secretly matches). */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|ACCESS_KEY|CREDENTIAL|DATABASE_URL)/i;

/** Whether a variable name denotes a secret. */
export const isSecretName = (name: string): boolean => SECRET_NAME.test(name);

/** A PEM private key (an environment's TLS or ssh key pasted into an error or a log): never shown. */
const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g;

/** `value` with every PEM private key block replaced. */
export const redactPrivateKeys = (value: string): string => value.replace(PEM_PRIVATE_KEY, REDACTED);

export type Redactor = { text: (value: string) => string; value: <T>(value: T) => T };

/** Values read from a topology's files shorter than this are not redacted (they would blank `true`, `info`…). */
export const MIN_READ_VALUE_CHARS = 6;

/**
 * A redactor for the secret values found in `env` (values shorter than 4 characters are ignored)
 * and for every one of `values` (what a topology's env files held, whatever its variable is
 * called; those shorter than MIN_READ_VALUE_CHARS are ignored).
 */
export const createRedactor = ({
  env,
  values = [],
}: {
  env: Record<string, string | undefined>;
  values?: readonly string[];
}): Redactor => {
  const secretValues = [
    ...new Set([
      ...Object.entries(env)
        .filter(([name, value]) => value && value.length >= 4 && isSecretName(name))
        .map(([, value]) => value as string),
      ...values.filter((value) => value.length >= MIN_READ_VALUE_CHARS),
    ]),
  ].sort((a, b) => b.length - a.length);
  const text = (value: string): string =>
    redactPrivateKeys(secretValues.reduce((out, secret) => out.split(secret).join(REDACTED), value));
  const walk = (value: unknown, key: string | null): unknown => {
    if (typeof value === "string") return key && isSecretName(key) ? REDACTED : text(value);
    if (Array.isArray(value)) return value.map((item) => walk(item, null));
    if (value && typeof value === "object" && !(value instanceof Date))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return { text, value: <T>(value: T) => walk(value, null) as T };
};

/**
 * For messages about a file: each secret value becomes the name of its variable (`${DB_PASSWORD}`),
 * so an error says which variable it is about without saying its value.
 */
export const createSecretNamer = ({
  env,
}: {
  env: Record<string, string | undefined>;
}): ((value: string) => string) => {
  const secrets = Object.entries(env)
    .filter((entry): entry is [string, string] => Boolean(entry[1]) && isSecretName(entry[0]))
    .filter(([, value]) => value.length >= 4)
    .sort((a, b) => b[1].length - a[1].length);
  return (value) => secrets.reduce((out, [name, secret]) => out.split(secret).join(`\${${name}}`), value);
};
