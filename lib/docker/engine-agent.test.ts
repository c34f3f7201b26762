import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Docker from "dockerode";
import { afterAll, describe, expect, it } from "vitest";
import { inspect } from "node:util";
import { oneOffEngineAgent, withEngineAgent } from "./engine-agent";

// An "engine" that answers a wait's headers, then drops the connection (as a restarting dockerd does).
const dir = mkdtempSync(join(tmpdir(), "engine-agent-"));
const socketPath = join(dir, "engine.sock");
const server = http.createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.write("{");
  setTimeout(() => res.socket?.destroy(), 20);
});
const listening = new Promise<void>((resolve) => server.listen(socketPath, resolve));
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("engine agent", () => {
  it("fails a call whose response is cut mid-body, instead of an uncaught 'aborted' error", async () => {
    await listening;
    const uncaught: unknown[] = [];
    const note = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", note);
    try {
      const docker = new Docker(withEngineAgent({ socketPath }));
      await expect(docker.getContainer("x").wait({ condition: "not-running" })).rejects.toThrow(/aborted/);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("uncaughtException", note);
    }
    expect(uncaught).toEqual([]);
  });

  it("leaves https and ssh engines their own agents", () => {
    expect(withEngineAgent({ protocol: "https", host: "h" })).toEqual({ protocol: "https", host: "h" });
  });

  it("inspects as a short line, however many sockets it holds (docker-modem inspects it on every request)", async () => {
    const web = http.createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    const { port } = web.address() as { port: number };
    const agent = oneOffEngineAgent();
    try {
      await Promise.all(
        Array.from(
          { length: 5 },
          () =>
            new Promise<void>((resolve, reject) =>
              http
                .get({ host: "127.0.0.1", port, agent }, (res) => res.resume().on("end", resolve))
                .on("error", reject),
            ),
        ),
      );
      expect(inspect(agent, { showHidden: true, depth: null })).toMatch(
        /^EngineAgent \{ sockets: \d+, free: \d+ \}$/,
      );
      // As docker-modem writes it for its debug log, with the agent among the request's options.
      expect(
        inspect({ path: "/containers/json", agent }, { showHidden: true, depth: null }).length,
      ).toBeLessThan(200);
    } finally {
      agent.destroy();
      web.close();
    }
  });
});
