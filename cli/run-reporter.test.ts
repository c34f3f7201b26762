import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { DeployEvent } from "../lib/deploy/events";
import { createRunReporter } from "./run-reporter";

const base = { runId: "r1", project: "p", at: "" };
const run: DeployEvent[] = [
  {
    ...base,
    t: 0,
    type: "run_started",
    kind: "deploy",
    strategy: "phased",
    services: ["db", "app"],
    phases: [
      { name: "Storage", services: ["db"] },
      { name: "App", services: ["app"] },
    ],
  },
  { ...base, t: 10, type: "phase", index: 0, name: "Storage", status: "started" },
  { ...base, t: 2010, type: "phase", index: 0, name: "Storage", status: "ready" },
  { ...base, t: 2020, type: "phase", index: 1, name: "App", status: "started" },
  { ...base, t: 5020, type: "phase", index: 1, name: "App", status: "ready" },
];

const capture = (tty: boolean) => {
  const out = Object.assign(new PassThrough(), { isTTY: tty, columns: 100 });
  let text = "";
  out.on("data", (chunk) => (text += chunk));
  return { out, text: () => text };
};

describe("run reporter", () => {
  it("prints one plain line per finished phase in a pipe, no bar", () => {
    const { out, text } = capture(false);
    const reporter = createRunReporter({ out });
    run.forEach(reporter.event);
    reporter.stop();
    expect(text()).toBe(
      [
        "run r1: deploy of p, strategy phased, 2 phase(s), 2 service(s)",
        "phase 1/2 Storage ready at 2.0 s (took 2.0 s)",
        "phase 2/2 App ready at 5.0 s (took 3.0 s)",
        "",
      ].join("\n"),
    );
  });

  it("draws a bar in a terminal and still prints every phase, the last one just before the end", () => {
    const { out, text } = capture(true);
    const reporter = createRunReporter({ out });
    run.forEach(reporter.event);
    reporter.stop(); // at once, as when run_finished follows the last phase by milliseconds
    expect(text()).toContain("phases |");
    expect(text()).toContain("phase 1/2 Storage ready at 2.0 s");
    expect(text()).toContain("phase 2/2 App ready at 5.0 s (took 3.0 s)");
  });
});
