"use client";
import { useCallback, useEffect, useLayoutEffect, useState } from "react";
import { createPortal } from "react-dom";
import { callApi } from "@/components/auth/api";
import { useHydrated } from "@/components/shell/use-hydrated";

type Step = { target: string; title: string; text: string };

/** The three steps, each pointing at the control it names (`data-tour` on that control). */
const STEPS: Step[] = [
  {
    target: "deploy",
    title: "1 · Deploy",
    text: "Pick a topology and a startup strategy, then press Deploy. Tear down stops it at any moment.",
  },
  {
    target: "watch",
    title: "2 · Watch",
    text: "Phases and services turn ready live, with CPU and memory per container charted here.",
  },
  {
    target: "compare",
    title: "3 · Compare",
    text: "Every deploy is a run. Tick two under Runs and Compare shows the guide's tables, measured.",
  },
];

type Box = { top: number; left: number; width: number; height: number };

const boxOf = (target: string): Box | null => {
  const element = document.querySelector(`[data-tour="${target}"]`);
  if (!element) return null;
  const rect = element.getBoundingClientRect();
  return {
    top: rect.top + window.scrollY,
    left: rect.left + window.scrollX,
    width: rect.width,
    height: rect.height,
  };
};

/**
 * The first-visit tour of the empty dashboard: three steps pointing at the controls, dismissible;
 * once dismissed it is stored for the user (PUT /api/me/tour) and never shown again. `hidden`:
 * a run exists now (the tour is over then too).
 */
export const FirstVisitTour = ({ shown, hidden }: { shown: boolean; hidden: boolean }) => {
  const hydrated = useHydrated();
  const [open, setOpen] = useState(shown);
  const [index, setIndex] = useState(0);
  const [box, setBox] = useState<Box | null>(null);
  const step = STEPS[index] ?? STEPS[0];
  // Kept only when it moved: the page's data arrives after the first paint and shifts the controls.
  const measure = useCallback(() => {
    const next = step ? boxOf(step.target) : null;
    setBox((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
  }, [step]);

  useLayoutEffect(() => {
    if (!open || hidden || !step) return;
    document.querySelector(`[data-tour="${step.target}"]`)?.scrollIntoView({ block: "center" });
    const frame = requestAnimationFrame(measure);
    return () => cancelAnimationFrame(frame);
  }, [open, hidden, step, measure]);
  useEffect(() => {
    if (!open || hidden) return;
    const timer = setInterval(measure, 250);
    window.addEventListener("resize", measure);
    return () => {
      clearInterval(timer);
      window.removeEventListener("resize", measure);
    };
  }, [open, hidden, measure]);

  if (!hydrated || !open || hidden || !step) return null;
  const dismiss = () => {
    setOpen(false);
    void callApi("/api/me/tour", { method: "PUT", body: { dismissed: true } });
  };
  const last = index === STEPS.length - 1;
  // Below the control it points at, its arrow on the control's left edge; centred when absent.
  const card = box
    ? { top: box.top + box.height + 12, left: Math.max(8, Math.min(box.left, window.innerWidth - 344)) }
    : { top: window.scrollY + 120, left: Math.max(8, window.innerWidth / 2 - 168) };
  // In document.body, so its document coordinates hold whatever the page's layout positions.
  return createPortal(
    <>
      {box && (
        <div
          aria-hidden
          data-testid="tour-highlight"
          className="pointer-events-none absolute z-40 rounded-md ring-4 ring-sky-500/80"
          style={{ top: box.top - 4, left: box.left - 4, width: box.width + 8, height: box.height + 8 }}
        />
      )}
      <div
        role="dialog"
        aria-label="First-visit tour"
        aria-describedby="tour-text"
        data-testid="first-visit-tour"
        data-step={step.target}
        className="absolute z-50 w-80 rounded-lg border border-sky-500 bg-white p-4 text-sm shadow-xl dark:bg-zinc-900"
        style={card}
      >
        {box && (
          <span
            aria-hidden
            className="absolute -top-2 left-5 h-4 w-4 rotate-45 border-t border-l border-sky-500 bg-white dark:bg-zinc-900"
          />
        )}
        <p className="font-semibold">{step.title}</p>
        <p id="tour-text" className="mt-1 text-zinc-700 dark:text-zinc-300">
          {step.text}
        </p>
        <div className="mt-3 flex items-center gap-2">
          <span className="text-xs text-zinc-500">
            {index + 1} of {STEPS.length}
          </span>
          <button type="button" onClick={dismiss} className="ml-auto text-xs text-zinc-500 underline">
            Skip tour
          </button>
          {index > 0 && (
            <button
              type="button"
              onClick={() => setIndex(index - 1)}
              className="rounded border border-zinc-400 px-2 py-0.5"
            >
              Back
            </button>
          )}
          <button
            type="button"
            onClick={last ? dismiss : () => setIndex(index + 1)}
            className="rounded bg-sky-600 px-2 py-0.5 font-medium text-white"
          >
            {last ? "Done" : "Next"}
          </button>
        </div>
      </div>
    </>,
    document.body,
  );
};
