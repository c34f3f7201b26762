"use client";
import { useState } from "react";
import { DEFAULT_PROBE_INTERVAL_MS, PROBE_MODE_CHOICES } from "@/lib/runs/probe-settings";

/**
 * The deploy form's readiness probe: mode and interval, with what the chosen mode costs. A Swarm
 * deploy probes by exec on each task's node only: the mode is then fixed (the server refuses others).
 */
export const ProbeFields = ({ className, swarm = false }: { className: string; swarm?: boolean }) => {
  const [picked, setMode] = useState("");
  const mode = swarm ? "" : picked;
  const chosen = PROBE_MODE_CHOICES[mode as keyof typeof PROBE_MODE_CHOICES];
  return (
    <div className="flex items-end gap-2 text-sm">
      <label>
        Readiness probe
        <select
          name="probe"
          value={mode}
          onChange={(e) => setMode(e.target.value)}
          disabled={swarm}
          title={swarm ? "A Swarm deploy probes each task by exec on its node" : undefined}
          aria-label="Readiness probe"
          aria-describedby="probe-cost"
          className={className}
        >
          <option value="">default (exec)</option>
          {Object.entries(PROBE_MODE_CHOICES).map(([value, choice]) => (
            <option key={value} value={value}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        every (ms)
        <input
          type="number"
          name="probeIntervalMs"
          min={50}
          max={60_000}
          step={50}
          placeholder={String(DEFAULT_PROBE_INTERVAL_MS)}
          aria-label="Probe interval (ms)"
          className={`${className} w-24`}
        />
      </label>
      <p id="probe-cost" className="max-w-xs text-xs text-zinc-500" data-testid="probe-cost">
        {swarm && <span data-testid="probe-swarm-reason">Swarm: exec on each task&apos;s node. </span>}
        {(chosen ?? PROBE_MODE_CHOICES.exec).cost}
      </p>
    </div>
  );
};
