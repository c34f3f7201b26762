// The panel's clock against Docker's: per clock (created, started, healthy) the service whose
// panel mark is farthest from Docker's own event timestamp. Pure, on stored service timings.

export type ClockMarks = {
  service: string;
  createdAtMs: number | null;
  startedAtMs: number | null;
  dockerHealthyAtMs: number | null;
  engineCreatedAtMs: number | null;
  engineStartedAtMs: number | null;
  engineHealthyAtMs: number | null;
};

export type ClockName = "created" | "started" | "healthy";

export type ClockDifference = {
  clock: ClockName;
  /** null when no service has both marks of this clock. */
  service: string | null;
  /** panel − Docker, ms (positive: the panel noted it later than Docker did). */
  differenceMs: number | null;
  /** Services with both marks. */
  compared: number;
};

const PAIRS: Record<ClockName, [keyof ClockMarks, keyof ClockMarks]> = {
  created: ["createdAtMs", "engineCreatedAtMs"],
  started: ["startedAtMs", "engineStartedAtMs"],
  healthy: ["dockerHealthyAtMs", "engineHealthyAtMs"],
};

/** The largest |panel − Docker| per clock over the run's services. */
export const largestClockDifferences = (services: ClockMarks[]): ClockDifference[] =>
  (Object.keys(PAIRS) as ClockName[]).map((clock) => {
    const [panelKey, engineKey] = PAIRS[clock];
    let worst: ClockDifference = { clock, service: null, differenceMs: null, compared: 0 };
    for (const s of services) {
      const panel = s[panelKey];
      const engine = s[engineKey];
      if (typeof panel !== "number" || typeof engine !== "number") continue;
      const differenceMs = Math.round((panel - engine) * 10) / 10;
      const compared = worst.compared + 1;
      worst =
        worst.differenceMs === null || Math.abs(differenceMs) > Math.abs(worst.differenceMs)
          ? { clock, service: s.service, differenceMs, compared }
          : { ...worst, compared };
    }
    return worst;
  });
