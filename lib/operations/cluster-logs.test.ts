// The cluster log view's pure parts: the Engine's timestamp on a line, and the search (text or
// regex; a regex that does not compile is a 400 naming `q`).
import { describe, expect, it } from "vitest";
import { parseStampedLine } from "@/lib/docker/logs";
import { AppError } from "@/lib/errors";
import { compileLogQuery } from "@/lib/log-query";

describe("parseStampedLine", () => {
  it("reads Docker's nanosecond RFC 3339 stamp and keeps the text after it", () => {
    expect(parseStampedLine("2026-12-07T10:00:01.123456789Z alpha says hello")).toEqual({
      t: Date.UTC(2026, 11, 7, 10, 0, 1, 123),
      line: "alpha says hello",
    });
    expect(parseStampedLine("2026-12-07T10:00:01Z ")).toEqual({
      t: Date.UTC(2026, 11, 7, 10, 0, 1),
      line: "",
    });
    expect(parseStampedLine("no stamp here")).toBeNull();
  });
});

describe("compileLogQuery", () => {
  const one = (query: Parameters<typeof compileLogQuery>[0], line: string) =>
    compileLogQuery(query)([line])[0];

  it("finds text case-insensitively, and everything without a query", () => {
    expect(compileLogQuery({ q: "ERROR" })(["an error happened", "all good"])).toEqual([true, false]);
    expect(one({}, "anything")).toBe(true);
  });

  it("reads q as a regex only when asked", () => {
    expect(
      compileLogQuery({ q: "^beta.*hello$", regex: true })(["beta says hello", "alpha says hello"]),
    ).toEqual([true, false]);
    expect(one({ q: "a(b" }, "xa(by")).toBe(true); // plain text: the parenthesis is a character
  });

  const refusal = (run: () => unknown): AppError => {
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe("bad_request");
    return thrown as AppError;
  };

  it("refuses a regex that does not compile with a 400 naming q", () => {
    expect(refusal(() => compileLogQuery({ q: "says (hello", regex: true })).message).toMatch(
      /^Fix these query parameters: q: not a valid regular expression/,
    );
  });

  it("stops a regex that backtracks for ever with a 400 naming q, instead of blocking the panel", () => {
    const lines = ["a".repeat(100) + "!"];
    const error = refusal(() => compileLogQuery({ q: "(a+)+$", regex: true })(lines));
    expect(error.message).toMatch(
      /^Fix these query parameters: q: the regular expression ran longer than 1 s/,
    );
    // Stopped by the budget, not by finishing: (a+)+$ on 100 a's backtracks 2^100 ways (without the
    // budget this test never ends; vitest's own timeout fails it).
  });
});
