import { describe, expect, it } from "vitest";
import { secretProblem } from "./secret";

describe("secretProblem", () => {
  it("refuses missing, short, placeholder and repetitive secrets with how to generate one", () => {
    expect(secretProblem(undefined)).toMatch(/not set.*openssl rand/);
    expect(secretProblem("short")).toMatch(/too short/);
    expect(secretProblem("a".repeat(40))).toMatch(/placeholder or too repetitive/);
  });
  it("accepts a random one", () => {
    expect(secretProblem("pZ3v9QeX1rT7wLk2Nc8yHb4mJd6sFa0Gu5Ei")).toBeNull();
  });
});
