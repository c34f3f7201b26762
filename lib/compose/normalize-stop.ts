// `stop_grace_period` and `stop_signal`: how a service's container is stopped (Docker's StopTimeout
// and StopSignal), so a teardown gives each service the time its file asks for.
import { report, scalarText, type NormalizeContext } from "./normalize-context";
import type { Service } from "./types";
import { parseDurationMs } from "./units";

/** The service's stop settings; only the keys the file sets (an absent one keeps the image's). */
export const normalizeStop = ({
  ctx,
  name,
  raw,
}: {
  ctx: NormalizeContext;
  name: string;
  raw: Record<string, unknown>;
}): Pick<Service, "stopGracePeriodMs" | "stopSignal"> => {
  const out: Pick<Service, "stopGracePeriodMs" | "stopSignal"> = {};
  if (raw.stop_grace_period !== undefined && raw.stop_grace_period !== null) {
    const ms = parseDurationMs({ value: scalarText(raw.stop_grace_period) });
    if (ms === null)
      report({
        ctx,
        code: "duration",
        path: ["services", name, "stop_grace_period"],
        message: `invalid duration "${scalarText(raw.stop_grace_period)}": use a number with a unit, e.g. "10s" or "1m30s"`,
      });
    else out.stopGracePeriodMs = ms;
  }
  if (typeof raw.stop_signal === "string" && raw.stop_signal.trim() !== "")
    out.stopSignal = raw.stop_signal.trim();
  return out;
};
