import type { ReactNode } from "react";
import type { RunError } from "@/lib/deploy/browser-types";

/** An error message for the user (what went wrong and what to do), announced to screen readers. */
export const ErrorText = ({
  error,
  testId,
  as: Tag = "p",
  size = "text-sm",
}: {
  error: ReactNode;
  testId?: string;
  as?: "p" | "span";
  size?: "text-sm" | "text-xs";
}) =>
  error ? (
    <Tag role="alert" data-testid={testId} className={`${size} text-red-600 dark:text-red-400`}>
      {error}
    </Tag>
  ) : null;

/** Why a run failed: the message, the failing service's last health output and its last log lines. */
export const RunErrorBox = ({ error, logHeight = "max-h-64" }: { error: RunError; logHeight?: string }) => (
  <section role="alert" className="rounded border border-red-300 p-3 text-sm dark:border-red-800">
    <p className="font-medium">{error.message}</p>
    {error.healthOutput && <p className="font-mono text-xs">last health output: {error.healthOutput}</p>}
    {error.logTail.length > 0 && (
      <pre className={`mt-2 ${logHeight} overflow-auto text-xs`}>{error.logTail.join("\n")}</pre>
    )}
  </section>
);
