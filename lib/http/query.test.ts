import { describe, expect, it } from "vitest";
import { clampPage, MAX_PAGE, pageParam } from "./query";

const q = (text: string) => new URLSearchParams(text);

describe("page query parameter", () => {
  it("reads a page, 1 when absent", () => {
    expect(pageParam(q(""))).toBe(1);
    expect(pageParam(q("page=3"))).toBe(3);
  });
  it("refuses huge, negative, fractional and non-numeric pages with the field named", () => {
    for (const bad of ["1e308", "-1", "0", "2.5", "abc", "Infinity", String(MAX_PAGE + 1)])
      expect(() => pageParam(q(`page=${bad}`)), bad).toThrow(/"page"/);
  });
  it("clamps on pages instead", () => {
    expect(clampPage("1e308")).toBe(MAX_PAGE);
    expect(clampPage("-4")).toBe(1);
    expect(clampPage("x")).toBe(1);
    expect(clampPage(undefined)).toBe(1);
  });
});
