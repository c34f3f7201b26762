// The HTTP agent of the panel's Engine API clients (a unix socket or plain tcp). docker-modem listens
// for errors on a request and on a streamed response, not on a buffered one: a response cut
// mid-body (the engine restarted or froze and the connection reset, e.g. a `wait` in flight) emits
// Node's "aborted" error with no listener, an uncaught exception that ends the panel's process.
// This agent gives every response that listener, passing the error to its request, whose listener
// (docker-modem's) fails the call with it.
import http from "node:http";
import { inspect } from "node:util";
import type Docker from "dockerode";
import { globalSingleton } from "@/lib/global-singleton";

type AddRequest = (req: http.ClientRequest, options: http.RequestOptions) => void;

class EngineAgent extends http.Agent {
  /**
   * docker-modem writes `util.inspect(options, { showHidden: true, depth: null })` for its debug log
   * on every request, whether or not debugging is on, and the options carry this agent: inspected in
   * full, with its sockets and their parsers, that cost most of the panel's CPU while a dashboard
   * watched a deploy (a CPU profile: 69 of 99 busy seconds in Modem.buildRequest). One line instead.
   */
  [inspect.custom](): string {
    return `EngineAgent { sockets: ${Object.keys(this.sockets).length}, free: ${Object.keys(this.freeSockets).length} }`;
  }

  addRequest(req: http.ClientRequest, options: http.RequestOptions): void {
    req.on("response", (res) =>
      res.on("error", (error) => {
        if (req.listenerCount("error") > 0) req.emit("error", error);
      }),
    );
    (http.Agent.prototype as unknown as { addRequest: AddRequest }).addRequest.call(this, req, options);
  }
}

/** The process-wide agent for unix-socket and plain-tcp engines. */
export const engineAgent = (): http.Agent => globalSingleton("docker-engine-agent", () => new EngineAgent());

/** An agent of its own, for a client used once and then destroyed (a connection test). */
export const oneOffEngineAgent = (): http.Agent => new EngineAgent();

/**
 * Client options with an engine agent (the process-wide one unless given), for the protocols it
 * serves (https and ssh keep their own).
 */
export const withEngineAgent = (
  options: Docker.DockerOptions,
  agent: http.Agent = engineAgent(),
): Docker.DockerOptions => {
  if (options.protocol === "https" || options.protocol === "ssh") return options;
  // docker-modem takes `agent` (it is missing from dockerode's option type).
  const withAgent: Docker.DockerOptions & { agent: http.Agent } = { ...options, agent };
  return withAgent;
};
