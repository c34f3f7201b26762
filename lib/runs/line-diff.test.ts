import { describe, expect, it } from "vitest";
import { diffHunks, lineDiff } from "./line-diff";

describe("lineDiff", () => {
  it("marks lines only in the second file added and only in the first removed", () => {
    expect(lineDiff({ before: "a\nb\nc", after: "a\nc\nd" })).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "same", text: "c" },
      { kind: "added", text: "d" },
    ]);
  });

  it("keeps identical files unchanged and shows only the changes with context", () => {
    expect(lineDiff({ before: "x\ny", after: "x\ny" }).every((l) => l.kind === "same")).toBe(true);
    const before = ["1", "2", "3", "4", "5", "6", "cpus: 0.5", "8"].join("\n");
    const after = before.replace("cpus: 0.5", "cpus: 2");
    expect(diffHunks(lineDiff({ before, after }), 1).map((l) => `${l.kind}:${l.text}`)).toEqual([
      "gap:…",
      "same:6",
      "removed:cpus: 0.5",
      "added:cpus: 2",
      "same:8",
    ]);
  });
});
