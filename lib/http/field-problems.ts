// Invalid input, reported field by field: every route answers a zod failure the same way, a 400
// whose details list `{ path, message }` and whose message starts with the first field.
import type { z } from "zod";
import { AppError } from "@/lib/errors";

export type FieldProblem = { path: string; message: string };

/** One problem per field; an unknown key is named by its own path, not its parent's. */
export const fieldProblems = ({
  issues,
  root,
}: {
  issues: z.core.$ZodIssue[];
  root: string;
}): FieldProblem[] =>
  issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: [...issue.path, key].map(String).join("."),
          message: "unknown field: remove it (see the API's OpenAPI document for the fields it takes)",
        }))
      : [{ path: issue.path.map(String).join(".") || root, message: issue.message }],
  );

/** The bad_request error for a failed parse: `Fix these <what>: a.b: message; …`, details the list. */
export const invalidInput = ({
  issues,
  root,
  what,
}: {
  issues: z.core.$ZodIssue[];
  root: string;
  what: string;
}): AppError => {
  return refusedFields({ problems: fieldProblems({ issues, root }), what });
};

/** The bad_request error for fields judged after parsing: `Fix these <what>: a.b: message; …`, details the list. */
export const refusedFields = ({ problems, what }: { problems: FieldProblem[]; what: string }): AppError => {
  const text = problems.map((p) => `${p.path}: ${p.message}`).join("; ");
  return new AppError("bad_request", `Fix these ${what}: ${text}`, problems);
};
