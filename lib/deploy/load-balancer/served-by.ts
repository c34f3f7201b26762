// One GET and which node answered it: the simulator names itself in `X-Node-Id` and in the body's
// `node_id` (real Ollama nodes behind nginx can do the same with an `add_header`).
import http from "node:http";

export type ServedAnswer = {
  ok: boolean;
  status: number | null;
  /** The node that answered, when it said. */
  node: string | null;
  ms: number;
  error: string | null;
};

export type RequestServedOptions = {
  url: string;
  timeoutMs?: number;
  /** A keep-alive agent to reuse connections; without one every request opens its own connection. */
  agent?: http.Agent;
};

const nodeOfBody = (body: string): string | null => {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed !== null &&
      typeof parsed === "object" &&
      "node_id" in parsed &&
      typeof parsed.node_id === "string"
      ? parsed.node_id
      : null;
  } catch {
    return null;
  }
};

/** Sends a GET and answers its status, time and node; never rejects. */
export const requestServed = ({
  url,
  timeoutMs = 5_000,
  agent,
}: RequestServedOptions): Promise<ServedAnswer> =>
  new Promise((resolve) => {
    const began = performance.now();
    const done = (answer: Omit<ServedAnswer, "ms">) =>
      resolve({ ...answer, ms: Math.round((performance.now() - began) * 100) / 100 });
    const request = http.get(url, { agent: agent ?? false, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", (error) =>
        done({ ok: false, status: response.statusCode ?? null, node: null, error: error.message }),
      );
      response.on("end", () => {
        const status = response.statusCode ?? null;
        const header = response.headers["x-node-id"];
        const node =
          (typeof header === "string" ? header : null) ?? nodeOfBody(Buffer.concat(chunks).toString("utf8"));
        done({ ok: status !== null && status >= 200 && status < 300, status, node, error: null });
      });
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", (error) => done({ ok: false, status: null, node: null, error: error.message }));
  });
