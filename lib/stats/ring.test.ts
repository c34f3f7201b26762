import { describe, expect, it } from "vitest";
import { createRing } from "./ring";

describe("createRing", () => {
  it("keeps the newest items, oldest first, once it wraps", () => {
    const ring = createRing<number>(3);
    for (let i = 1; i <= 7; i++) ring.push(i);
    expect(ring.toArray()).toEqual([5, 6, 7]);
    expect(ring.size).toBe(3);
  });

  it("returns what it holds before it is full, and nothing after clear", () => {
    const ring = createRing<string>(600);
    ring.push("a");
    ring.push("b");
    expect(ring.toArray()).toEqual(["a", "b"]);
    ring.clear();
    expect(ring.toArray()).toEqual([]);
    ring.push("c");
    expect(ring.toArray()).toEqual(["c"]);
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => createRing(0)).toThrow(RangeError);
  });
});
