// Cursor pagination for the API's lists: the cursor is opaque to clients (base64url of the place
// the last page ended); a cursor that does not decode is a 400 naming `cursor`, never a 500.
import { z } from "zod";
import { AppError } from "@/lib/errors";

/** `?limit=`: a whole number in 1…max, default `fallback`. */
export const limitParam = ({ fallback, max }: { fallback: number; max: number }) =>
  z.coerce
    .number()
    .int("a whole number")
    .min(1, "1 or more")
    .max(max, `${max} at most`)
    .default(fallback)
    .describe(`items per page (1…${max}, default ${fallback})`);

export const ZCursorParam = z
  .string()
  .min(1, "a cursor from the previous page's nextCursor")
  .max(512, "a cursor from the previous page's nextCursor")
  .optional()
  .describe("the previous page's nextCursor");

/** The opaque text of a cursor value. */
export const encodeCursor = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString("base64url");

/** Decodes a cursor through its schema; throws bad_request naming `cursor` when it is not one of ours. */
export const decodeCursor = <T>(text: string | undefined, schema: z.ZodType<T>): T | null => {
  if (text === undefined) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    raw = undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      "bad_request",
      "Fix these query parameters: cursor: not a cursor this API gave out (pass the previous page's nextCursor)",
      [{ path: "cursor", message: "not a cursor this API gave out" }],
    );
  return parsed.data;
};
