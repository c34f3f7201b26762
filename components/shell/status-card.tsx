import type { ReactNode } from "react";

/** A titled card with a status line; `tone` colours the border. */
export const StatusCard = ({
  title,
  tone,
  children,
  testId,
}: {
  title: string;
  tone: "ok" | "error";
  children: ReactNode;
  testId?: string;
}) => (
  <section
    data-testid={testId}
    className={`rounded-lg border bg-white p-4 dark:bg-zinc-900 ${tone === "ok" ? "border-zinc-200 dark:border-zinc-800" : "border-red-300 dark:border-red-800"}`}
  >
    <h2 className="mb-2 text-sm font-semibold text-zinc-500 uppercase">{title}</h2>
    <div className="text-sm">{children}</div>
  </section>
);
