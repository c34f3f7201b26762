import { describe, expect, it } from "vitest";
import { largestClockDifferences, type ClockMarks } from "./clock-agreement";

const marks = (service: string, values: Partial<ClockMarks>): ClockMarks => ({
  service,
  createdAtMs: null,
  startedAtMs: null,
  dockerHealthyAtMs: null,
  engineCreatedAtMs: null,
  engineStartedAtMs: null,
  engineHealthyAtMs: null,
  ...values,
});

describe("largestClockDifferences", () => {
  it("names, per clock, the service farthest from Docker's event, by absolute difference", () => {
    const result = largestClockDifferences([
      marks("db", { createdAtMs: 100, engineCreatedAtMs: 90, startedAtMs: 300, engineStartedAtMs: 350 }),
      marks("app", { createdAtMs: 500, engineCreatedAtMs: 480, startedAtMs: 700, engineStartedAtMs: 699 }),
    ]);
    expect(result).toEqual([
      { clock: "created", service: "app", differenceMs: 20, compared: 2 },
      { clock: "started", service: "db", differenceMs: -50, compared: 2 },
      { clock: "healthy", service: null, differenceMs: null, compared: 0 },
    ]);
  });

  it("skips services missing either mark", () => {
    const [created] = largestClockDifferences([marks("db", { createdAtMs: 5 }), marks("x", {})]);
    expect(created).toEqual({ clock: "created", service: null, differenceMs: null, compared: 0 });
  });
});
