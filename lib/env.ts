// The panel's environment, parsed once: a bad value fails the boot with one clear message.
import { z } from "zod";

const TEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number()
    .int()
    .min(1, "PORT must be 1-65535")
    .max(65535, "PORT must be 1-65535")
    .default(4600),
  PANEL_HOST: z.string().min(1).default("127.0.0.1"),
  PANEL_PUBLISH_HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z.string().optional(),
  DOCKER_HOST: z.string().optional(),
  /** Extra names the panel answers to (comma-separated `host` or `host:port`), besides loopback. */
  PANEL_ALLOWED_HOSTS: z
    .string()
    .default("")
    .transform((text) =>
      text
        .split(",")
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/,
            "PANEL_ALLOWED_HOSTS: comma-separated host names or addresses, each optionally with :port",
          ),
      ),
    ),
});

export type TEnv = z.infer<typeof TEnvSchema>;

/** Reads and validates process.env; throws one message naming every bad variable. */
export const readEnv = (source: Record<string, string | undefined> = process.env): TEnv => {
  const parsed = TEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`The panel's environment is invalid:\n${lines.join("\n")}`);
  }
  return parsed.data;
};
