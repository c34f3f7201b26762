// The scaling and latency-test figures Compare shows for a stored run: for a deploy, the first
// node addition and removal that followed it; for a scale run, its own time; for a latency test,
// its p99, max, errors and who served what.
import { z } from "zod";
import { type ParsedRun, scaleTimeAfter } from "@/lib/db/runs";
import type { CompareInput } from "./compare";

type ScaleFigures = Pick<
  CompareInput,
  "nodeAdditionMs" | "nodeRemovalMs" | "latencyP99Ms" | "latencyMaxMs" | "latencyErrors" | "nodeShares"
>;

const ZStoredSettings = z.object({
  direction: z.enum(["up", "down"]).optional(),
  latencyTest: z
    .object({
      targets: z.array(
        z.object({
          via: z.string(),
          errors: z.number(),
          p99Ms: z.number().nullable(),
          maxMs: z.number().nullable(),
          shares: z.array(
            z.object({ node: z.string(), sharePct: z.number(), weightSharePct: z.number().nullable() }),
          ),
        }),
      ),
    })
    .optional(),
});

const settingsOf = (settings: ParsedRun["settings"]) => ZStoredSettings.safeParse(settings).data ?? {};

/** The figures of one stored run (queries only for deploys, which look at the runs after them). */
export const scaleFigures = async (
  run: Pick<ParsedRun, "kind" | "project" | "startedAt" | "totalMs" | "settings" | "status">,
): Promise<ScaleFigures> => {
  const settings = settingsOf(run.settings);
  const front = settings.latencyTest?.targets.find((t) => t.via === "load-balancer");
  const own = run.kind === "scale" && run.status === "healthy" ? run.totalMs : null;
  const [nodeAdditionMs, nodeRemovalMs] =
    run.kind === "deploy"
      ? await Promise.all([
          scaleTimeAfter({ project: run.project, startedAt: run.startedAt, direction: "up" }),
          scaleTimeAfter({ project: run.project, startedAt: run.startedAt, direction: "down" }),
        ])
      : settings.direction === "down"
        ? [null, own]
        : [own, null];
  return {
    nodeAdditionMs,
    nodeRemovalMs,
    latencyP99Ms: front?.p99Ms ?? null,
    latencyMaxMs: front?.maxMs ?? null,
    latencyErrors: front ? front.errors : null,
    nodeShares: front
      ? front.shares
          .map(
            (s) =>
              `${s.node} ${s.sharePct.toFixed(1)} %${s.weightSharePct === null ? "" : ` (${s.weightSharePct.toFixed(1)} %)`}`,
          )
          .join(", ")
      : null,
  };
};
