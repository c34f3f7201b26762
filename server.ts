// The custom Node server: Next's request handler and socket.io on one port. Glue only.
import http from "node:http";
import nextEnv from "@next/env";
import next from "next";
import { ensureBootAdmin } from "./lib/auth/login";
import { sessionSecret } from "./lib/auth/secret";
import { readEnv } from "./lib/env";
import { allowedHostsFromEnv, hostRefusal, isAllowedHost } from "./lib/http/allowed-hosts";
import { MAX_BODY_BYTES, REMOTE_ADDRESS_HEADER } from "./lib/http/route";
import { attachRealtime } from "./lib/realtime/server";
import { startMetrics } from "./lib/metrics";
import { startEngineWatches } from "./lib/operations/engine-watches";
import { engineScopeFor } from "./lib/operations/environments";
import { recoverBackupsAtBoot } from "./lib/operations/backups";
import { resumeExperimentsAtBoot } from "./lib/operations/experiment";
import { resumeMigrationsAtBoot } from "./lib/operations/migration";
import { startRunRetention } from "./lib/operations/run-retention";
import { reconcileAtBoot, startRecording } from "./lib/recording";
import { redactorFor } from "./lib/secrets/run-redactors";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");
const env = readEnv();
try {
  sessionSecret(); // refuses a missing or weak JWT_SECRET in production, before anything listens
} catch (error) {
  console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const app = next({ dev: env.NODE_ENV !== "production", hostname: env.PANEL_HOST, port: env.PORT });
const handle = app.getRequestHandler();
await app.prepare();
const admin = await ensureBootAdmin();
if (admin) console.log(`Created the admin account "${admin}" from PANEL_ADMIN_PASSWORD.`);

const allowedHosts = allowedHostsFromEnv(env);
const httpServer = http.createServer((req, res) => {
  // DNS rebinding: a page on evil.example resolving to this machine carries its own Host.
  if (!isAllowedHost({ host: req.headers.host, allowed: allowedHosts })) {
    res.writeHead(421, { "content-type": "application/json" }).end(
      JSON.stringify({
        ok: false,
        error: { code: "misdirected_request", message: hostRefusal(req.headers.host) },
      }),
    );
    return;
  }
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) {
    res.writeHead(413, { "content-type": "application/json" }).end(
      JSON.stringify({
        ok: false,
        error: {
          code: "payload_too_large",
          message: `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`,
        },
      }),
    );
    return;
  }
  // The peer address as the panel saw it; a client cannot supply its own.
  req.headers[REMOTE_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
  void handle(req, res);
});
attachRealtime({ httpServer, allowedHosts, resolveEngine: engineScopeFor });
// Runs a dead panel left "running" become "interrupted" before anyone can deploy again.
try {
  const report = await reconcileAtBoot();
  if (report.interruptedRuns.length + report.interruptedBatches.length > 0)
    console.log(
      `Marked interrupted by a panel restart: ${report.interruptedRuns.length} runs, ${report.interruptedBatches.length} batches.`,
    );
} catch (error) {
  console.error("could not reconcile the stored runs at boot:", error);
}
// Every run is stored while it runs (and its stats and summary), redacted with its own secrets.
startRecording({ redact: (runId) => redactorFor(runId).value });
// Run durations by topology, strategy and phase for GET /metrics (docs/METRICS.md).
startMetrics();
// On the panel's own engine and every environment's: alerts (died, unhealthy, restart loops, failed
// runs, engine unreachable; docs/ALERTS.md) and every running cluster's resource use every 10 s,
// kept for the admin's retention (docs/HISTORY.md).
void startEngineWatches().catch((error: unknown) =>
  console.error("could not start the engine watches (alerts, resource history):", error),
);
// The admin's run detail retention (off until set): now, then hourly.
startRunRetention();
// Experiments a dead panel was running go on at their next repetition (docs/EXPERIMENTS.md).
void resumeExperimentsAtBoot()
  .then((ids) => {
    if (ids.length > 0) console.log(`Resumed experiments after a panel restart: ${ids.join(", ")}.`);
  })
  .catch((error: unknown) => console.error("could not resume the stored experiments at boot:", error));
// Migrations a dead panel was driving go on from their first step not done (docs/MIGRATION.md).
void resumeMigrationsAtBoot()
  .then((ids) => {
    if (ids.length > 0) console.log(`Resumed migrations after a panel restart: ${ids.join(", ")}.`);
  })
  .catch((error: unknown) => console.error("could not resume the stored migrations at boot:", error));
// Services a backup paused when the panel died run again (docs/BACKUPS.md).
void recoverBackupsAtBoot()
  .then((ids) => {
    if (ids.length > 0) console.log(`Unpaused ${ids.length} containers an interrupted backup had paused.`);
  })
  .catch((error: unknown) => console.error("could not recover interrupted backups at boot:", error));
httpServer.listen(env.PORT, env.PANEL_HOST, () => {
  console.log(`OllamaMax panel listening on http://${env.PANEL_HOST}:${env.PORT} (${env.NODE_ENV})`);
});

const shutdown = (): void => {
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
