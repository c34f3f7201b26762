import { describe, expect, it } from "vitest";
import { payloadProblem } from "./event-payloads";

const ack = () => undefined;

describe("socket event payloads", () => {
  it("accepts well-formed payloads", () => {
    expect(payloadProblem("ping", [ack])).toBeNull();
    expect(payloadProblem("logs:follow", [{ project: "ollamamax", service: "postgres" }, ack])).toBeNull();
    expect(payloadProblem("run:watch", [{ runId: "abc" }, ack])).toBeNull();
  });
  it("refuses null, wrong types, extra arguments and a missing acknowledgement", () => {
    expect(payloadProblem("logs:follow", [null, ack])).toMatch(/bad logs:follow payload/);
    expect(payloadProblem("logs:follow", [{ project: "../x", service: "a" }, ack])).toMatch(/project/);
    expect(payloadProblem("stats:watch", [{ project: { $gt: "" } }, ack])).toMatch(/bad stats:watch/);
    expect(payloadProblem("run:watch", ["id", ack])).toMatch(/bad run:watch/);
    expect(payloadProblem("ping", [1, 2, ack])).toMatch(/bad ping/);
    expect(payloadProblem("runs:watch", [])).toMatch(/acknowledgement/);
  });
});
