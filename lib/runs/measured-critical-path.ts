// The measured critical path: the chain of services that actually decided a run's finish. From the
// last service ready, walk back through the gate that released each one (the dependency — or, in
// sequential order, the previous service; in phased, the previous phase's last — that opened last),
// and add up each link's own time from create to releasing the next (to ready, or to started when
// the next only waited for it to start): the bound no strategy can beat with these services' own
// start times. Pure; a leaf (structural input types only).

/** What a service waited for before it was created (the plan's gates). */
export type PathStep = {
  service: string;
  after: { service: string; until: "started" | "ready" | "completed" }[];
};

/** A service's marks in ms since the run started. */
export type PathTiming = {
  service: string;
  createdAtMs: number | null;
  runningAtMs: number | null;
  readyAtMs: number | null;
};

export type PathLink = {
  service: string;
  /** The gate that opened last before it was created; null for the chain's first service. */
  waitedFor: string | null;
  until: "started" | "ready" | "completed" | null;
  /** When that gate opened (ms since the run started). */
  releasedAtMs: number | null;
  createdAtMs: number;
  readyAtMs: number;
  /** Its own create → ready time. */
  ownMs: number;
  /**
   * What it adds to the bound: create → the moment it released the next link (its ready, or its
   * start when the next only waited for it to start); the last link's own create → ready.
   */
  contributesMs: number;
};

export type MeasuredCriticalPath = {
  /** First service first. */
  links: PathLink[];
  /** Sum of what the links contribute (see PathLink.contributesMs). */
  boundMs: number;
  /** When the last service was ready. */
  lastReadyAtMs: number;
};

/** The chain that decided the finish, or null when some service never became ready. */
export const measuredCriticalPath = ({
  steps,
  timings,
}: {
  steps: PathStep[];
  timings: PathTiming[];
}): MeasuredCriticalPath | null => {
  const byName = new Map(timings.map((t) => [t.service, t]));
  const stepOf = new Map(steps.map((s) => [s.service, s]));
  const openedAt = (service: string, until: "started" | "ready" | "completed"): number | null => {
    const t = byName.get(service);
    if (!t) return null;
    return until === "started" ? (t.runningAtMs ?? t.readyAtMs) : t.readyAtMs;
  };
  const complete = steps.every((s) => {
    const t = byName.get(s.service);
    return t?.createdAtMs != null && t.readyAtMs != null;
  });
  if (!complete || steps.length === 0) return null;
  let current = steps
    .map((s) => byName.get(s.service) as PathTiming)
    .reduce((a, b) => ((b.readyAtMs ?? 0) > (a.readyAtMs ?? 0) ? b : a));
  const lastReadyAtMs = current.readyAtMs as number;
  const reversed: PathLink[] = [];
  const visited = new Set<string>();
  for (;;) {
    visited.add(current.service);
    let gate: { service: string; until: PathLink["until"]; at: number } | null = null;
    for (const after of stepOf.get(current.service)?.after ?? []) {
      const at = openedAt(after.service, after.until);
      if (at !== null && !visited.has(after.service) && (gate === null || at > gate.at))
        gate = { service: after.service, until: after.until, at };
    }
    const createdAtMs = current.createdAtMs as number;
    const readyAtMs = current.readyAtMs as number;
    reversed.push({
      service: current.service,
      waitedFor: gate?.service ?? null,
      until: gate?.until ?? null,
      releasedAtMs: gate?.at ?? null,
      createdAtMs,
      readyAtMs,
      ownMs: Math.round((readyAtMs - createdAtMs) * 10) / 10,
      contributesMs: Math.round((readyAtMs - createdAtMs) * 10) / 10,
    });
    const next = gate ? byName.get(gate.service) : undefined;
    if (!next) break;
    current = next;
  }
  const links = reversed.reverse();
  links.forEach((link, index) => {
    const next = links[index + 1];
    if (next?.releasedAtMs != null)
      link.contributesMs = Math.round((next.releasedAtMs - link.createdAtMs) * 10) / 10;
  });
  return {
    links,
    boundMs: Math.round(links.reduce((sum, link) => sum + link.contributesMs, 0) * 10) / 10,
    lastReadyAtMs,
  };
};

/** How far a run was from its bound: time to ready ÷ bound (1.0 = nothing but the chain's own work). */
export const boundRatio = ({
  totalMs,
  boundMs,
}: {
  totalMs: number | null;
  boundMs: number;
}): number | null =>
  totalMs === null || boundMs <= 0 ? null : Math.round((totalMs / boundMs) * 1000) / 1000;
