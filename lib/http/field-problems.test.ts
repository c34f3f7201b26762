import { z } from "zod";
import { describe, expect, it } from "vitest";
import { invalidInput } from "./field-problems";

describe("invalidInput", () => {
  it("names each bad field by its path, unknown keys by their own path, the first in the message", () => {
    const schema = z.strictObject({ a: z.number(), nested: z.strictObject({ b: z.string() }) });
    const parsed = schema.safeParse({ a: "x", nested: { b: "ok", typo: 1 }, extra: true });
    expect(parsed.success).toBe(false);
    const error = invalidInput({ issues: parsed.error!.issues, root: "body", what: "fields" });
    expect(error.code).toBe("bad_request");
    const paths = (error.details as { path: string }[]).map((p) => p.path).sort();
    expect(paths).toEqual(["a", "extra", "nested.typo"]);
    expect(error.message).toMatch(/^Fix these fields: (a|extra|nested\.typo): /);
  });

  it("names the root when the whole input is wrong", () => {
    const parsed = z.object({ a: z.number() }).safeParse([]);
    const error = invalidInput({ issues: parsed.error!.issues, root: "body", what: "fields" });
    expect(error.details).toEqual([{ path: "body", message: expect.any(String) }]);
  });
});
