// The custom Node server: Next's request handler and socket.io on one port. Glue only.
import http from "node:http";
import next from "next";
import { readEnv } from "./lib/env";
import { attachRealtime } from "./lib/realtime/server";

const env = readEnv();
const dev = env.NODE_ENV !== "production";
const app = next({ dev, hostname: env.PANEL_HOST, port: env.PORT });
const handle = app.getRequestHandler();

await app.prepare();
const httpServer = http.createServer((req, res) => void handle(req, res));
attachRealtime({ httpServer });
httpServer.listen(env.PORT, env.PANEL_HOST, () => {
  console.log(`OllamaMax panel listening on http://${env.PANEL_HOST}:${env.PORT} (${env.NODE_ENV})`);
});

const shutdown = (): void => {
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
