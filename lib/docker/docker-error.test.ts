import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { engineErrorSentence } from "./docker-error";

/** An Engine API refusal as dockerode raises it. */
const engineRefusal = (message: string) =>
  Object.assign(new Error(`(HTTP code 500) server error - ${message}`), {
    statusCode: 500,
    json: { message },
  });

describe("engineErrorSentence", () => {
  it("says the engine's disk is full, with what it said and what frees space", () => {
    const sentence = engineErrorSentence(
      engineRefusal("open /var/lib/docker/containers/x/.tmp-config.v2.json: no space left on device"),
    );
    expect(sentence).toMatch(/^the Docker engine's disk is full \(open .*no space left on device\)/);
    expect(sentence).toMatch(/docker system df/);
  });

  it("keeps any other engine message as it is", () => {
    expect(engineErrorSentence(engineRefusal("Conflict. The container name is already in use"))).toBe(
      "Conflict. The container name is already in use",
    );
  });

  it("keeps the panel's own sentence, never wrapping it twice", () => {
    const own = new AppError(
      "insufficient_storage",
      "Pulling x failed: the Docker engine's disk is full (no space left on device).",
    );
    expect(engineErrorSentence(own)).toBe(own.message);
  });

  it("says a remote engine off the network does not answer, naming what failed", () => {
    const cut = Object.assign(new Error("connect EHOSTUNREACH 10.234.0.2:2375"), {
      code: "EHOSTUNREACH",
      syscall: "connect",
    });
    expect(engineErrorSentence(cut)).toBe(
      "the Docker engine does not answer (connect EHOSTUNREACH 10.234.0.2:2375): check that it runs and that its host is reachable from the panel; once it answers, tear down what the run left",
    );
  });
});
