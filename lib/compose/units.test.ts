import { describe, expect, it } from "vitest";
import { parseDurationMs, parseMemoryBytes } from "./index";

describe("parseDurationMs", () => {
  it.each([
    ["30s", 30_000],
    ["1m30s", 90_000],
    ["1.5s", 1_500],
    ["300ms", 300],
    ["2h", 7_200_000],
    ["1h2m3s4ms", 3_723_004],
    ["500us", 0.5],
    ["0", 0],
    ["0s", 0],
  ])("%s = %d ms", (value, ms) => expect(parseDurationMs({ value })).toBe(ms));

  it.each(["10", "10 seconds", "1d", "s", "", "-5s", "1.5.2s"])("rejects %j", (value) =>
    expect(parseDurationMs({ value })).toBeNull(),
  );
});

describe("parseMemoryBytes (binary units, like Compose)", () => {
  it.each<[string | number, number]>([
    ["512M", 512 * 1024 ** 2],
    ["6G", 6 * 1024 ** 3],
    ["1g", 1024 ** 3],
    ["1024k", 1024 ** 2],
    ["1.5G", 1.5 * 1024 ** 3],
    ["256mb", 256 * 1024 ** 2],
    ["2GiB", 2 * 1024 ** 3],
    ["1000", 1000],
    [1048576, 1048576],
  ])("%s = %d bytes", (value, bytes) => expect(parseMemoryBytes({ value })).toBe(bytes));

  it.each(["6 gigs", "lots", "1.5X", "-1G", ""])("rejects %j", (value) =>
    expect(parseMemoryBytes({ value })).toBeNull(),
  );
});
