// Health checks made from the panel host to a container's own address, in place of exec'ing the
// service's health command inside it (see lib/compose/host-check.ts for which commands qualify).
// What each proves:
// - http: the port answers HTTP from outside the container with a status below 400 (as curl -f /
//   wget do); curl without -f: any HTTP answer. It does not prove the command would run inside.
// - redis: the server answers PING with +PONG (as redis-cli ping); -LOADING or an auth error is not ready.
// - postgres: a protocol-3 startup message gets an authentication request or an error other than
//   57P03 "the database system is starting up" — exactly what pg_isready calls accepting
//   connections. It does not log in, so it does not prove the role or database exist.
import { Socket, connect } from "node:net";
import type { HostCheck } from "@/lib/compose/host-check";

/** `reached`: the service answered over the network (even "not ready"), so the check is authoritative. */
export type HostProbeResult = { ok: boolean; output: string; reached?: boolean };

const withSocket = (
  { address, port, timeoutMs }: { address: string; port: number; timeoutMs: number },
  talk: (socket: Socket, finish: (result: HostProbeResult) => void) => void,
): Promise<HostProbeResult> =>
  new Promise((resolve) => {
    const socket = connect({ host: address, port });
    let done = false;
    let answered = false;
    socket.on("data", () => (answered = true));
    const finish = (result: HostProbeResult) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ ...result, reached: answered });
    };
    socket.setTimeout(timeoutMs, () =>
      finish({ ok: false, output: `no answer from ${address}:${port} in ${timeoutMs} ms` }),
    );
    socket.on("error", (error) => finish({ ok: false, output: `${address}:${port}: ${error.message}` }));
    socket.on("connect", () => talk(socket, finish));
  });

const http = (check: Extract<HostCheck, { kind: "http" }>, address: string, timeoutMs: number) =>
  withSocket({ address, port: check.port, timeoutMs }, (socket, finish) => {
    let answer = "";
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString("latin1");
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
      if (status)
        finish({
          ok: !check.failOnHttpError || Number(status[1]) < 400,
          output: answer.split("\r\n")[0] ?? "",
        });
      else if (answer.length > 64) finish({ ok: false, output: "not an HTTP answer" });
    });
    socket.on("end", () => finish({ ok: false, output: "connection closed without an HTTP answer" }));
    socket.write(
      `GET ${check.path} HTTP/1.0\r\nHost: localhost:${check.port}\r\nUser-Agent: ollamamax-panel\r\n\r\n`,
    );
  });

const redis = (check: Extract<HostCheck, { kind: "redis" }>, address: string, timeoutMs: number) =>
  withSocket({ address, port: check.port, timeoutMs }, (socket, finish) => {
    let answer = "";
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString("latin1");
      if (answer.includes("\r\n")) finish({ ok: answer.startsWith("+PONG"), output: answer.trim() });
    });
    socket.write("PING\r\n");
  });

/** A protocol-3 startup message (what pg_isready sends before it would authenticate). */
const startupMessage = (user: string, database: string): Buffer => {
  const body = Buffer.from(
    `user\0${user}\0database\0${database}\0application_name\0ollamamax-probe\0\0`,
    "utf8",
  );
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, body]);
};

const postgres = (check: Extract<HostCheck, { kind: "postgres" }>, address: string, timeoutMs: number) =>
  withSocket({ address, port: check.port, timeoutMs }, (socket, finish) => {
    let answer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      answer = Buffer.concat([answer, chunk]);
      const type = String.fromCharCode(answer[0] ?? 0);
      if (type === "R") return finish({ ok: true, output: "accepting connections" });
      if (type !== "E" || answer.length < 5)
        return finish({ ok: false, output: `unexpected answer ${type}` });
      if (answer.length < answer.readInt32BE(1) + 1) return;
      const fields = answer.subarray(5).toString("utf8").split("\0");
      const code = fields.find((f) => f.startsWith("C"))?.slice(1) ?? "";
      const message = fields.find((f) => f.startsWith("M"))?.slice(1) ?? "";
      finish({ ok: code !== "57P03", output: `${code} ${message}`.trim() });
    });
    const user = check.user ?? "postgres";
    socket.write(startupMessage(user, check.database ?? user));
  });

/** Runs the host check against the container's address. */
export const runHostCheck = ({
  check,
  address,
  timeoutMs,
}: {
  check: HostCheck;
  address: string;
  timeoutMs: number;
}): Promise<HostProbeResult> => {
  switch (check.kind) {
    case "http":
      return http(check, address, timeoutMs);
    case "redis":
      return redis(check, address, timeoutMs);
    case "postgres":
      return postgres(check, address, timeoutMs);
  }
};
