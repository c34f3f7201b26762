// Deploy runs over socket.io: every bus event goes, redacted, to the room of its run (`run:<id>`)
// and to `runs` (dashboards); joining answers with the current snapshot, so a late browser sees
// the phases already done before the next live event.
import type { DeployEvent, RunSnapshot } from "@/lib/deploy";
import { getDeployBus } from "@/lib/deploy/bus";
import { redactorFor } from "@/lib/secrets/run-redactors";
import type { PanelIo } from "./panel-io";

const redactEvent = (event: DeployEvent): DeployEvent => redactorFor(event.runId).value(event);
const redactSnapshot = (snapshot: RunSnapshot): RunSnapshot => redactorFor(snapshot.runId).value(snapshot);

/** Wires the deploy bus to socket rooms and registers the run:* / runs:* handlers. */
export const registerRunRooms = (io: PanelIo): void => {
  const bus = getDeployBus();
  bus.subscribe((event) => {
    const safe = redactEvent(event);
    io.to(`run:${event.runId}`).to("runs").emit("run:event", safe);
  });
  io.on("connection", (socket) => {
    socket.on("run:watch", ({ runId }, ack) => {
      const snapshot = bus.snapshot(String(runId));
      if (!snapshot)
        return ack({ ok: false, msg: `No live or recent run ${String(runId)} in this panel process.` });
      void socket.join(`run:${snapshot.runId}`);
      ack({ ok: true, data: redactSnapshot(snapshot) });
    });
    socket.on("run:unwatch", ({ runId }, ack) => {
      void socket.leave(`run:${String(runId)}`);
      ack({ ok: true, data: undefined });
    });
    socket.on("runs:watch", (ack) => {
      void socket.join("runs");
      const recent = [...bus.activeRuns()];
      ack({ ok: true, data: recent.map(redactSnapshot) });
    });
  });
};
