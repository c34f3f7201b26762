// Alerts (docs/ALERTS.md): rules over the engine's events and the runs, channels admins configure.
// server.ts starts the watches at boot (lib/operations/engine-watches.ts: the panel's own engine and
// every added environment's).

export { addChannel, channelsForDisplay, removeChannel, testChannel } from "./channels";
export { changeRules, rulesFor } from "./rule-settings";
export { startAlertWatch } from "./watch";
export {
  ensureAlertWatch,
  forgetEnvironment,
  stopAlertWatch,
  watchEngine,
  watchedEnvironments,
} from "./watches";
