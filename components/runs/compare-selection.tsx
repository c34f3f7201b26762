"use client";
import { useRouter } from "next/navigation";
import { createContext, useContext, useState, type ReactNode } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";

type Selection = { selected: string[]; toggle: (id: string) => void };
const SelectionContext = createContext<Selection>({ selected: [], toggle: () => undefined });

/** Holds the runs picked for comparison, in the order they were picked (the first is the baseline). */
export const CompareSelection = ({ children }: { children: ReactNode }) => {
  const [selected, setSelected] = useState<string[]>([]);
  const router = useRouter();
  const toggle = (id: string) =>
    setSelected((old) => (old.includes(id) ? old.filter((x) => x !== id) : [...old, id]));
  return (
    <SelectionContext.Provider value={{ selected, toggle }}>
      <div className="flex items-center gap-3 text-sm">
        <button
          type="button"
          disabled={selected.length < 2}
          onClick={() => router.push(`/compare?ids=${selected.join(",")}`)}
          className="rounded bg-zinc-900 px-3 py-1 text-white disabled:opacity-40 dark:bg-zinc-100 dark:text-zinc-900"
        >
          Compare {selected.length > 0 ? `(${selected.length})` : ""}
        </button>
        <span className="text-zinc-500">
          {selected.length < 2
            ? "Tick two or more runs; the first ticked is the baseline."
            : `baseline: ${selected[0]}`}
        </span>
      </div>
      {children}
    </SelectionContext.Provider>
  );
};

/** The checkbox of one run. */
export const CompareCheckbox = ({ id }: { id: string }) => {
  const { selected, toggle } = useContext(SelectionContext);
  const hydrated = useHydrated();
  return (
    <input
      type="checkbox"
      disabled={!hydrated}
      aria-label={`select run ${id}`}
      checked={selected.includes(id)}
      onChange={() => toggle(id)}
    />
  );
};
