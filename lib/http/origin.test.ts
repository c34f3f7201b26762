import { describe, expect, it } from "vitest";
import { isCrossSite } from "./origin";

describe("isCrossSite", () => {
  it("allows the panel's own origin and requests without one", () => {
    expect(
      isCrossSite({ origin: "http://127.0.0.1:4600", host: "127.0.0.1:4600", secFetchSite: "same-origin" }),
    ).toBe(false);
    expect(isCrossSite({ origin: null, host: "127.0.0.1:4600", secFetchSite: null })).toBe(false);
  });
  it("refuses another origin, a garbage origin and cross-site fetch metadata", () => {
    expect(isCrossSite({ origin: "http://evil.example", host: "127.0.0.1:4600", secFetchSite: null })).toBe(
      true,
    );
    expect(isCrossSite({ origin: "null", host: "127.0.0.1:4600", secFetchSite: null })).toBe(true);
    expect(isCrossSite({ origin: null, host: "127.0.0.1:4600", secFetchSite: "cross-site" })).toBe(true);
  });
});
