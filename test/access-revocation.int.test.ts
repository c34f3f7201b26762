// A caller's live connections end when their access ends: a run's Server-Sent Events stream
// (GET /api/v1/runs/{id}/events, through the handler Next serves) and a socket.io connection
// (authenticated by the panel's handshake middleware) close within 1 s of the token being revoked,
// the session signed out, the user disabled or the user's role changed — on a real panel database.
// No Docker engine: the run is one the deploy bus holds in flight.
import { beforeAll, describe, expect, it } from "vitest";
import type { DeployEvent } from "@/lib/deploy";
import { testPrincipal } from "./fixtures/principal";
import {
  apiToken,
  apiUser,
  scratchDatabase,
  scratchFolder,
  signedInSession,
  type ApiUser,
} from "./fixtures/scratch-panel";

scratchDatabase({ dir: scratchFolder("revocation-") });
process.env.JWT_SECRET ??= "revocation-test-secret-0123456789-abcdefghijklmnop";

const CLOSE_WITHIN_MS = 1_000;
const runId = `revocation-run-${process.pid}`;
let admin: ApiUser;

beforeAll(async () => {
  const { getDeployBus } = await import("@/lib/deploy");
  admin = await apiUser({ username: "revoking-admin", role: "admin" });
  const started: DeployEvent = {
    runId,
    project: "p",
    t: 0,
    at: new Date().toISOString(),
    type: "run_started",
    kind: "deploy",
    strategy: "dag",
    services: ["a"],
    phases: [],
  };
  getDeployBus().publish(started);
});

type Credential = { authorization?: string; cookie?: string };

/** Opens the run's event stream as that caller; answers when it closed (ms since epoch). */
const openStream = async (credential: Credential) => {
  const { runEventsEndpoint } = await import("@/lib/api/endpoints/runs");
  const request = new Request(`http://127.0.0.1:3000/api/v1/runs/${runId}/events`, {
    headers: { accept: "text/event-stream", host: "127.0.0.1:3000", ...credential },
  });
  const response = await runEventsEndpoint.handle(request, { params: Promise.resolve({ id: runId }) });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let text = "";
  const closedAt = (async () => {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return Date.now();
      text += new TextDecoder().decode(chunk.value);
    }
  })();
  // The stream is open and has replayed (nothing stored, so nothing sent) before the change.
  const still = await Promise.race([closedAt, new Promise((r) => setTimeout(() => r("open"), 100))]);
  expect(still).toBe("open");
  return { closedAt, text: () => text };
};

/** Connects a socket through the panel's handshake middleware; answers when it was disconnected. */
const openSocket = async (credential: Credential) => {
  const { authenticateSocket } = await import("@/lib/realtime/socket-auth");
  type PanelSocket = Parameters<typeof authenticateSocket>[0]["socket"];
  let disconnectedAt: number | null = null;
  const onDisconnect: (() => void)[] = [];
  const socket = {
    handshake: { headers: { host: "127.0.0.1:3000", ...credential }, auth: {} },
    data: {},
    once: (event: string, listener: () => void) =>
      void (event === "disconnect" && onDisconnect.push(listener)),
    disconnect: () => {
      disconnectedAt ??= Date.now();
      onDisconnect.splice(0).forEach((listener) => listener());
    },
  };
  let refused: Error | undefined;
  await authenticateSocket({
    socket: socket as unknown as PanelSocket,
    next: (error) => void (refused = error),
    allowedHosts: ["127.0.0.1"],
  });
  expect(refused).toBeUndefined();
  return { disconnectedAt: () => disconnectedAt };
};

/** Opens a stream and a socket, makes the change, and checks both closed within the limit. */
const expectClosedBy = async (credential: Credential, change: () => Promise<unknown>) => {
  const stream = await openStream(credential);
  const socket = await openSocket(credential);
  const changedAt = Date.now();
  await change();
  const closedAt = await Promise.race([
    stream.closedAt,
    new Promise<number>((r) => setTimeout(() => r(Number.POSITIVE_INFINITY), 3 * CLOSE_WITHIN_MS)),
  ]);
  expect(closedAt - changedAt).toBeLessThan(CLOSE_WITHIN_MS);
  expect(stream.text()).not.toContain("event: end");
  expect(socket.disconnectedAt()).not.toBeNull();
  expect((socket.disconnectedAt() ?? Infinity) - changedAt).toBeLessThan(CLOSE_WITHIN_MS);
};

const adminActor = () => ({
  principal: { ...testPrincipal({ username: admin.username, role: "admin" }), userId: admin.id },
  address: "127.0.0.1",
});

describe("live connections end with their access", () => {
  it("closes a token's stream and socket within 1 s of the token being revoked", async () => {
    const user = await apiUser({ username: "revoked-token-owner", role: "viewer" });
    const token = await apiToken({ user, name: "script" });
    const { getPrisma } = await import("@/lib/db/client");
    const { id } = await getPrisma().apiToken.findFirstOrThrow({ where: { userId: user.id } });
    const { withdrawToken } = await import("@/lib/auth/api-tokens");
    await expectClosedBy({ authorization: `Bearer ${token}` }, () => withdrawToken({ ...adminActor(), id }));
  });

  it("closes a session's stream and socket within 1 s of signing out, and spares another session", async () => {
    const user = await apiUser({ username: "signing-out", role: "viewer" });
    const session = await signedInSession(user);
    const otherToken = await apiToken({ user, name: "kept" });
    const kept = await openStream({ authorization: `Bearer ${otherToken}` });
    const { signOut } = await import("@/lib/auth/login");
    await expectClosedBy({ cookie: session.cookie }, () =>
      signOut({ sessionId: session.sessionId, username: user.username, address: null }),
    );
    const stillOpen = await Promise.race([
      kept.closedAt,
      new Promise((r) => setTimeout(() => r("open"), 200)),
    ]);
    expect(stillOpen).toBe("open");
  });

  it("closes a user's streams and sockets within 1 s of the user being disabled", async () => {
    const user = await apiUser({ username: "disabled-later", role: "operator" });
    const token = await apiToken({ user, name: "script" });
    const { changeUser } = await import("@/lib/auth/accounts");
    await expectClosedBy({ authorization: `Bearer ${token}` }, () =>
      changeUser({ ...adminActor(), id: user.id, disabled: true }),
    );
  });

  it("closes a user's streams and sockets within 1 s of the user's role changing", async () => {
    const user = await apiUser({ username: "demoted-later", role: "operator" });
    const session = await signedInSession(user);
    const { changeUser } = await import("@/lib/auth/accounts");
    await expectClosedBy({ cookie: session.cookie }, () =>
      changeUser({ ...adminActor(), id: user.id, role: "viewer" }),
    );
  });

  it("closes the streams and sockets of admins without 2FA within 1 s of 2FA becoming required for admins", async () => {
    const user = await apiUser({ username: "admin-without-2fa", role: "admin" });
    const token = await apiToken({ user, name: "script" });
    const { getPrisma } = await import("@/lib/db/client");
    await getPrisma().user.update({ where: { id: admin.id }, data: { totpEnabledAt: new Date() } });
    const { setAdminTwoFactorRequired } = await import("@/lib/auth/two-factor");
    try {
      await expectClosedBy({ authorization: `Bearer ${token}` }, () =>
        setAdminTwoFactorRequired({ ...adminActor(), required: true }),
      );
    } finally {
      await setAdminTwoFactorRequired({ ...adminActor(), required: false });
    }
  });
});
