// Step marks of a deploy or teardown against its request, for finding where the time goes
// (`OLLAMAMAX_TRACE=1`, e.g. `npx tsx bench/trace-deploy.ts`). Off by default: nothing is kept.
import { globalSingleton } from "@/lib/global-singleton";

export type TraceMark = { label: string; atMs: number };

const marks = () => globalSingleton("deploy-trace", () => ({ list: [] as TraceMark[] }));

/** Records `label` at the monotonic clock's now when tracing is on. */
export const traceStep = (label: string): void => {
  if (process.env.OLLAMAMAX_TRACE !== "1") return;
  marks().list.push({ label, atMs: performance.now() });
};

/** The marks recorded since the last call, and forgets them. */
export const takeTrace = (): TraceMark[] => marks().list.splice(0);
