import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { collectLimit } from "./operations";

describe("deploy --limit", () => {
  it("collects service.cpus and service.memory into the request's limits, repeatable", () => {
    let limits = collectLimit("db.cpus=0.5", {});
    limits = collectLimit("db.memory=268435456", limits);
    limits = collectLimit("ollama-node-1.cpus=2", limits);
    expect(limits).toEqual({ db: { cpus: 0.5, memoryBytes: 268435456 }, "ollama-node-1": { cpus: 2 } });
  });
  it("refuses anything else, saying the form", () => {
    for (const bad of ["db.cpu=1", "db.cpus=", "cpus=1", "db.cpus=half"])
      expect(() => collectLimit(bad, {})).toThrow(InvalidArgumentError);
    expect(() => collectLimit("db=1", {})).toThrow(/service\.cpus=N or service\.memory=BYTES/);
  });
});
