import { describe, expect, it } from "vitest";
import { timelineEndMs, timelineSpan } from "./timeline-geometry";

describe("startup timeline geometry", () => {
  it("keeps an in-progress bar inside the chart when the browser's clock trails the server's", () => {
    // The server timed a service's start at 12 s; the browser thinks 10 s have passed.
    const endMs = timelineEndMs({ totalMs: null, nowT: 10_000, lastT: 12_000 });
    expect(endMs).toBe(12_000);
    const bar = timelineSpan({ fromMs: 11_000, toMs: 10_000, endMs });
    expect(bar.leftPct + bar.widthPct).toBeLessThanOrEqual(100);
    expect(bar.widthPct).toBeGreaterThanOrEqual(0);
  });

  it("never lets a bar run past the right edge, wherever it starts", () => {
    for (const fromMs of [0, 5_000, 9_999, 10_000, 15_000]) {
      const bar = timelineSpan({ fromMs, toMs: 20_000, endMs: 10_000 });
      expect(bar.leftPct).toBeLessThanOrEqual(100);
      expect(bar.leftPct + bar.widthPct).toBeLessThanOrEqual(100);
    }
  });

  it("draws a finished run to its total time and proportional bars", () => {
    const endMs = timelineEndMs({ totalMs: 20_000, nowT: 99_000, lastT: 25_000 });
    expect(endMs).toBe(20_000);
    expect(timelineSpan({ fromMs: 5_000, toMs: 15_000, endMs })).toEqual({ leftPct: 25, widthPct: 50 });
  });
});
