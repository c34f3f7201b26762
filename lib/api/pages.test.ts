import { z } from "zod";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, limitParam } from "./pages";

describe("cursors", () => {
  const ZPlace = z.object({ s: z.string(), i: z.string() });

  it("give back the place a page ended", () => {
    const text = encodeCursor({ s: "2026-11-29T22:00:00.000Z", i: "run-1" });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text, ZPlace)).toEqual({ s: "2026-11-29T22:00:00.000Z", i: "run-1" });
    expect(decodeCursor(undefined, ZPlace)).toBeNull();
  });

  it.each(["%%%", "bm90LWpzb24", encodeCursor({ s: 1 }), encodeCursor(null)])(
    "refuse %s as a bad_request naming cursor",
    (text) => {
      expect(() => decodeCursor(text, ZPlace)).toThrow(expect.objectContaining({ code: "bad_request" }));
      try {
        decodeCursor(text, ZPlace);
      } catch (error) {
        expect((error as { details: unknown }).details).toEqual([
          { path: "cursor", message: expect.any(String) },
        ]);
      }
    },
  );
});

describe("limitParam", () => {
  const limit = limitParam({ fallback: 50, max: 200 });
  it("defaults, bounds and refuses what is not a whole number", () => {
    expect(limit.parse(undefined)).toBe(50);
    expect(limit.parse("200")).toBe(200);
    for (const bad of ["0", "201", "1.5", "abc", "1e308", "-1"])
      expect(limit.safeParse(bad).success, bad).toBe(false);
  });
});
