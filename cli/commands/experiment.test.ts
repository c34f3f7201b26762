// `ollamamax experiment run … --wait` against a stand-in panel: the body it sends, the progress it
// prints, the verdict sentences at the end and the exit code.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../program";
import { parseVariant } from "./experiment";

let server: http.Server;
let url = "";
let posted: unknown = null;
let reads = 0;
let ending = "done";

const report = (completed: number, status: string) => ({
  id: "exp-1",
  status,
  reason: status === "done" ? null : "cancelled during repetition 2 of 4",
  seed: 7,
  progress: { completed, total: 4, percent: completed * 25, etaMs: completed < 4 ? 60_000 : null },
  differences: [],
  drift: null,
  verdicts: [
    {
      sentence:
        "x/dag vs x/sequential, time to ready: no difference shown (95 % CI 0.90–1.10×, p = 1.00, n = 2 each; cold data, fit clamp, same host, engine and images)",
    },
  ],
});

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.method === "POST" && req.url === "/api/v1/experiments") {
        posted = JSON.parse(body);
        res.statusCode = 202;
        return res.end(JSON.stringify({ ok: true, data: { id: "exp-1" } }));
      }
      if (req.method === "GET" && req.url === "/api/v1/experiments/exp-1") {
        reads++;
        const data = reads < 3 ? report(reads, "running") : report(4, ending);
        return res.end(JSON.stringify({ ok: true, data }));
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ ok: false, error: { code: "not_found", message: "no" } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => void server.close());

const cli = async (args: string[]) => {
  const [out, err] = [new PassThrough(), new PassThrough()];
  const chunks: string[] = [];
  out.on("data", (c: Buffer) => chunks.push(c.toString()));
  const errors: string[] = [];
  err.on("data", (c: Buffer) => errors.push(c.toString()));
  const code = await runCli({ args, io: { out, err, env: { PANEL_URL: url, PANEL_TOKEN: "t0ken" } } });
  return { code, out: chunks.join(""), err: errors.join("") };
};

describe("ollamamax experiment run", () => {
  it("parses variants with their fit and probe, and refuses anything else", () => {
    expect(parseVariant("optimized/dag,fit=proportional,probe=exec")).toEqual([
      { topology: "optimized", strategy: "dag", fit: "proportional", probe: "exec" },
    ]);
    expect(() => parseVariant("optimized")).toThrow(/a variant like/);
    expect(() => parseVariant("optimized/dag,colour=red")).toThrow(/only fit/);
  });

  it("sends the experiment, follows its progress and prints the verdicts; exit 0 when done", async () => {
    reads = 0;
    ending = "done";
    const result = await cli([
      "--no-progress",
      "experiment",
      "run",
      "--name",
      "seq vs dag",
      "--variant",
      "x/sequential",
      "--variant",
      "x/dag,fit=proportional",
      "--reps",
      "2",
      "--seed",
      "7",
      "--wait",
    ]);
    expect(posted).toEqual({
      name: "seq vs dag",
      variants: [
        { topology: "x", strategy: "sequential" },
        { topology: "x", strategy: "dag", fit: "proportional" },
      ],
      repetitions: 2,
      seed: 7,
    });
    expect(result.out).toContain("1/4 repetitions · about 1 min left");
    expect(result.out).toContain("experiment exp-1 done, seed 7");
    expect(result.out).toContain("time to ready: no difference shown (95 % CI 0.90–1.10×");
    expect(result.code).toBe(0);
  }, 20_000);

  it("exits 1 when the experiment ends cancelled, and 2 for repetitions out of range", async () => {
    reads = 0;
    ending = "cancelled";
    const args = [
      "--no-progress",
      "experiment",
      "run",
      "--name",
      "n",
      "--variant",
      "x/sequential",
      "--variant",
      "x/dag",
    ];
    const cancelled = await cli([...args, "--wait"]);
    expect(cancelled.code).toBe(1);
    expect(cancelled.err).toContain("experiment exp-1 ended cancelled");
    const bad = await cli([...args, "--reps", "51"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("a whole number from 2 to 50");
  }, 20_000);
});
