"use client";
import { useState } from "react";
import { DEFAULT_PROBE_INTERVAL_MS, PROBE_MODE_CHOICES } from "@/lib/runs/probe-settings";

/** The deploy form's readiness probe: mode and interval, with what the chosen mode costs. */
export const ProbeFields = ({ className }: { className: string }) => {
  const [mode, setMode] = useState("");
  const chosen = PROBE_MODE_CHOICES[mode as keyof typeof PROBE_MODE_CHOICES];
  return (
    <div className="flex items-end gap-2 text-sm">
      <label>
        Readiness probe
        <select
          name="probe"
          value={mode}
          onChange={(e) => setMode(e.target.value)}
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
        {(chosen ?? PROBE_MODE_CHOICES.exec).cost}
      </p>
    </div>
  );
};
