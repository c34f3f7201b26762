// Phase bookkeeping of a deploy: when each phase started and became ready, and the run's
// "starting phase k of n" state, which only moves forward (dag phases overlap).
import type { DeployPlan, PlanStep } from "./plan";
import type { RunContext } from "./run-context";
import type { RunResult, ServiceTiming } from "./types";

export type PhaseTracker = {
  /** The first service of a phase is being created. */
  started: (index: number) => void;
  /** A service is ready; its phase is ready when it was the last one. */
  serviceReady: (step: PlanStep) => void;
};

export type CreatePhaseTrackerOptions = { ctx: RunContext; plan: DeployPlan; result: RunResult };

/** A tracker writing phase times into `result.phases` and publishing phase events. */
export const createPhaseTracker = ({ ctx, plan, result }: CreatePhaseTrackerOptions): PhaseTracker => {
  const remaining = plan.phases.map((phase) => new Set(phase.services));
  let current = -1;
  return {
    started: (index) => {
      const phase = result.phases[index];
      if (!phase || phase.startedAt !== null) return;
      phase.startedAt = ctx.now();
      ctx.emit({ type: "phase", index, name: phase.name, status: "started" });
      if (index <= current) return;
      current = index;
      ctx.emit({
        type: "run_state",
        run: { state: "starting", phase: index + 1, phases: plan.phases.length, phaseName: phase.name },
      });
    },
    serviceReady: (step) => {
      const left = remaining[step.phase];
      const phase = result.phases[step.phase];
      left?.delete(step.service);
      if (!left || left.size > 0 || !phase) return;
      phase.readyAt = ctx.now();
      ctx.emit({ type: "phase", index: step.phase, name: phase.name, status: "ready" });
    },
  };
};

/** The empty timing of a service before anything happened to it. */
export const waitingTiming = ({ service, phase }: { service: string; phase: string }): ServiceTiming => ({
  service,
  container: "",
  phase,
  createdAt: null,
  startedAt: null,
  runningAt: null,
  readyAt: null,
  dockerHealthyAt: null,
  removedAt: null,
  state: "waiting",
});
