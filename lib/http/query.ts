// Numeric query parameters, bounded: `?page=1e308` or `?page=-1` is a 400 naming the parameter,
// never a database error.
import { z } from "zod";
import { AppError } from "@/lib/errors";

/** The highest page any list accepts (far beyond any real history). */
export const MAX_PAGE = 100_000;

const ZPage = z.coerce
  .number()
  .int("a whole number")
  .min(1, "1 or more")
  .max(MAX_PAGE, `${MAX_PAGE} at most`);

/** `?<name>=` as a page number (default 1); throws a bad_request naming the parameter. */
export const pageParam = (query: URLSearchParams, name = "page"): number => {
  const raw = query.get(name);
  if (raw === null || raw === "") return 1;
  const parsed = ZPage.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      "bad_request",
      `Query parameter "${name}" must be ${parsed.error.issues[0]?.message ?? "a page number"} (got "${raw.slice(0, 40)}").`,
      {
        field: name,
      },
    );
  return parsed.data;
};

/** For pages (no error page for a hand-edited URL): the page number clamped into 1…MAX_PAGE. */
export const clampPage = (raw: string | undefined): number => {
  const value = Math.trunc(Number(raw ?? 1));
  return Number.isFinite(value) ? Math.min(MAX_PAGE, Math.max(1, value)) : 1;
};
