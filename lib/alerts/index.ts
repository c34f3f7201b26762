// Alerts (docs/ALERTS.md): rules over the engine's events and the runs, channels admins configure.
// server.ts starts the local engine's watch once at boot.
import { getDeployBus } from "@/lib/deploy/bus";
import { getLocalDocker } from "@/lib/docker/client";
import { globalSingleton } from "@/lib/global-singleton";
import { startAlertWatch, type AlertWatch } from "./watch";

export { addChannel, channelsForDisplay, removeChannel, testChannel } from "./channels";
export { changeRules, rulesFor } from "./rule-settings";
export { startAlertWatch } from "./watch";

/** Starts the alert rules on the panel's own engine (once per process). */
export const startAlerts = (): AlertWatch =>
  globalSingleton("alert-watch", () =>
    startAlertWatch({ docker: getLocalDocker(), bus: getDeployBus(), environment: null }),
  );
