import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { interpolateString, parseDotEnv, readDotEnv } from "./index";

const env = { SET: "value", EMPTY: "", OTHER: "other" };
const expand = (text: string) => interpolateString({ text, env });

describe("interpolateString (Compose semantics)", () => {
  it.each([
    ["${SET}", "value"],
    ["$SET", "value"],
    ["pre-$SET-post", "pre-value-post"],
    ["${UNSET}", ""],
    ["$UNSET/x", "/x"],
    ["${SET:-d}", "value"],
    ["${EMPTY:-d}", "d"],
    ["${UNSET:-d}", "d"],
    ["${SET-d}", "value"],
    ["${EMPTY-d}", ""],
    ["${UNSET-d}", "d"],
    ["${SET:+alt}", "alt"],
    ["${EMPTY:+alt}", ""],
    ["${UNSET:+alt}", ""],
    ["${SET+alt}", "alt"],
    ["${EMPTY+alt}", "alt"],
    ["${UNSET+alt}", ""],
    ["$$SET", "$SET"],
    ["$${SET}", "${SET}"],
    ["cost: $$5", "cost: $5"],
    ["${UNSET:-${OTHER}}", "other"],
    ["${UNSET:-${ALSO_UNSET:-deep}}", "deep"],
    ["${UNSET:-a:b-c}", "a:b-c"],
    ["${UNSET:-http://host:80/}", "http://host:80/"],
    ["${SET:?never shown}", "value"],
    ["${EMPTY?set but empty is fine}", ""],
  ])("%s → %s", (text, expected) => {
    const result = expand(text);
    expect(result.problems).toEqual([]);
    expect(result.value).toBe(expected);
  });

  it("reports a missing required variable with its message, for :? (unset or empty) and ? (unset)", () => {
    expect(expand("${UNSET:?set UNSET please}").problems).toEqual([
      { kind: "missing_required", name: "UNSET", message: "set UNSET please" },
    ]);
    expect(expand("${EMPTY:?must not be empty}").problems).toEqual([
      { kind: "missing_required", name: "EMPTY", message: "must not be empty" },
    ]);
    expect(expand("${UNSET?needed}").problems).toEqual([
      { kind: "missing_required", name: "UNSET", message: "needed" },
    ]);
  });

  it("reports every missing required variable of a string at once", () => {
    const result = expand("${A:?a missing}-${B:?b missing}");
    expect(
      result.problems.map((problem) => (problem.kind === "missing_required" ? problem.name : problem.kind)),
    ).toEqual(["A", "B"]);
  });

  it("collects required variables even when they are set", () => {
    expect(expand("${SET:?msg one}").required).toEqual([{ name: "SET", message: "msg one" }]);
  });

  it("does not evaluate the unused branch of a default", () => {
    expect(expand("${SET:-${UNSET:?not needed}}").problems).toEqual([]);
  });

  it("rejects malformed expressions instead of guessing", () => {
    expect(expand("${SET").problems[0]?.kind).toBe("invalid");
    expect(expand("${1BAD}").problems[0]?.kind).toBe("invalid");
    expect(expand("${SET!x}").problems[0]?.kind).toBe("invalid");
    expect(expand("5 $ each").problems[0]?.kind).toBe("invalid");
  });
});

describe("parseDotEnv", () => {
  it("reads KEY=value lines like Compose", () => {
    const text = [
      "# comment",
      "PLAIN=value",
      "export EXPORTED=yes",
      "SPACED = padded ",
      "SINGLE='lit $HOME \\n'",
      'DOUBLE="line\\nnext \\"q\\""',
      "INLINE=value # comment",
      "EMPTY=",
      "not a line",
    ].join("\n");
    expect(parseDotEnv({ text })).toEqual({
      PLAIN: "value",
      EXPORTED: "yes",
      SPACED: "padded",
      SINGLE: "lit $HOME \\n",
      DOUBLE: 'line\nnext "q"',
      INLINE: "value",
      EMPTY: "",
    });
  });
});

describe("readDotEnv", () => {
  it("reads a file by { file } or by path, and treats a missing file as empty", () => {
    const dir = mkdtempSync(join(tmpdir(), "dotenv-"));
    try {
      const file = join(dir, ".env");
      writeFileSync(file, "A=1\nB='two'\n");
      expect(readDotEnv({ file })).toEqual({ A: "1", B: "two" });
      expect(readDotEnv(file)).toEqual({ A: "1", B: "two" });
      expect(readDotEnv({ file: join(dir, "missing.env") })).toEqual({});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
