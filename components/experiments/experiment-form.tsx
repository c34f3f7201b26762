"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/auth/api";
import type { ExperimentFormOptions } from "@/lib/operations/experiment-view";

type Variant = { topology: string; strategy: string; fit: string; probe: string };
type Form = {
  name: string;
  variants: Variant[];
  baseline: number;
  repetitions: number;
  warmup: number;
  data: string;
  order: string;
};

const input =
  "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** The variant builder: variants (topology, strategy, fit, probe), the baseline, repetitions, warm-up, data and order; posts to /api/v1/experiments. */
export const ExperimentForm = ({ options }: { options: ExperimentFormOptions }) => {
  const router = useRouter();
  const firstTopology = options.topologies[0] ?? "";
  const blank = (strategy: string): Variant => ({
    topology: firstTopology,
    strategy,
    fit: "clamp",
    probe: "",
  });
  const [form, setForm] = useState<Form>({
    name: "",
    variants: [blank("sequential"), blank("dag")],
    baseline: 0,
    repetitions: options.repetitions.fallback,
    warmup: 0,
    data: "cold",
    order: "round-robin",
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setVariant = (index: number, patch: Partial<Variant>) =>
    setForm((f) => ({ ...f, variants: f.variants.map((v, i) => (i === index ? { ...v, ...patch } : v)) }));
  const applyPreset = (preset: ExperimentFormOptions["presets"][number]) =>
    setForm({
      name: preset.name,
      variants: preset.variants.map((v) => ({
        topology: v.topology,
        strategy: v.strategy,
        fit: v.fit ?? "clamp",
        probe: "",
      })),
      baseline: preset.baseline ?? 0,
      repetitions: preset.repetitions ?? options.repetitions.fallback,
      warmup: preset.warmup ?? 0,
      data: preset.data ?? "cold",
      order: preset.order ?? "round-robin",
    });
  const submit = async () => {
    setBusy(true);
    setError(null);
    const answer = await callApi<{ id: string }>("/api/v1/experiments", {
      body: {
        ...form,
        variants: form.variants.map(({ probe, ...v }) => (probe ? { ...v, probe } : v)),
      },
    });
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    router.push(`/experiments/${answer.data.id}`);
  };
  return (
    <form
      data-testid="experiment-form"
      className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="mr-auto text-lg font-semibold">New experiment</h2>
        {options.presets.map((preset) => (
          <button
            key={preset.name}
            type="button"
            className="text-sm underline"
            onClick={() => applyPreset(preset)}
          >
            {preset.name}
          </button>
        ))}
      </div>
      <label className="block text-sm">
        Name{" "}
        <input
          className={input}
          name="name"
          value={form.name}
          onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
          placeholder="sequential vs dag"
        />
      </label>
      <table className="text-sm">
        <thead>
          <tr className="text-left text-xs text-zinc-500">
            <th className="pr-2">baseline</th>
            <th className="pr-2">topology</th>
            <th className="pr-2">strategy</th>
            <th className="pr-2">fit</th>
            <th className="pr-2">probe</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {form.variants.map((variant, index) => (
            <tr key={index} data-testid={`variant-${index}`}>
              <td>
                <input
                  type="radio"
                  name="baseline"
                  aria-label={`variant ${index} is the baseline`}
                  checked={form.baseline === index}
                  onChange={() => setForm((f) => ({ ...f, baseline: index }))}
                />
              </td>
              <td>
                <select
                  aria-label="topology"
                  className={input}
                  value={variant.topology}
                  onChange={(e) => setVariant(index, { topology: e.target.value })}
                >
                  {options.topologies.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              </td>
              <td>
                <select
                  aria-label="strategy"
                  className={input}
                  value={variant.strategy}
                  onChange={(e) => setVariant(index, { strategy: e.target.value })}
                >
                  {options.strategies.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </td>
              <td>
                <select
                  aria-label="fit"
                  className={input}
                  value={variant.fit}
                  onChange={(e) => setVariant(index, { fit: e.target.value })}
                >
                  {options.fits.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </td>
              <td>
                <select
                  aria-label="probe"
                  className={input}
                  value={variant.probe}
                  onChange={(e) => setVariant(index, { probe: e.target.value })}
                >
                  <option value="">default</option>
                  {options.probes.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </td>
              <td>
                {form.variants.length > 2 && (
                  <button
                    type="button"
                    className="text-xs text-red-600 underline"
                    onClick={() =>
                      setForm((f) => ({
                        ...f,
                        variants: f.variants.filter((_, i) => i !== index),
                        baseline: f.baseline === index ? 0 : f.baseline > index ? f.baseline - 1 : f.baseline,
                      }))
                    }
                  >
                    remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="text-sm underline"
        onClick={() => setForm((f) => ({ ...f, variants: [...f.variants, blank("phased")] }))}
      >
        Add a variant
      </button>
      <div className="flex flex-wrap gap-4 text-sm">
        <label>
          Repetitions{" "}
          <input
            className={`${input} w-16`}
            type="number"
            name="repetitions"
            min={options.repetitions.min}
            max={options.repetitions.max}
            value={form.repetitions}
            onChange={(e) => setForm((f) => ({ ...f, repetitions: Number(e.target.value) }))}
          />
        </label>
        <label>
          Warm-up{" "}
          <input
            className={`${input} w-16`}
            type="number"
            name="warmup"
            min={0}
            max={options.maxWarmup}
            value={form.warmup}
            onChange={(e) => setForm((f) => ({ ...f, warmup: Number(e.target.value) }))}
          />
        </label>
        <label>
          Data{" "}
          <select
            className={input}
            name="data"
            value={form.data}
            onChange={(e) => setForm((f) => ({ ...f, data: e.target.value }))}
          >
            {options.dataPolicies.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label>
          Order{" "}
          <select
            className={input}
            name="order"
            value={form.order}
            onChange={(e) => setForm((f) => ({ ...f, order: e.target.value }))}
          >
            {options.orders.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
      </div>
      <p className="text-xs text-zinc-500">
        Repetitions run interleaved (one of each variant per round), each a deploy followed by a teardown;
        cold data starts every repetition from empty volumes. A difference is claimed only when the 95 %
        interval excludes 1 and the Holm-adjusted p is below 0.05: with 3 repetitions each the smallest
        possible p is 0.1; take 6 or more when several variants and metrics are judged together.
      </p>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="rounded bg-zinc-900 px-3 py-1 text-sm text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
      >
        {busy ? "Starting…" : "Run experiment"}
      </button>
    </form>
  );
};
