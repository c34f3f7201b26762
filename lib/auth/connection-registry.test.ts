import { describe, expect, it } from "vitest";
import { closeConnections, trackConnection, type LiveConnection } from "./connection-registry";
import type { Principal } from "./principal";

const principal = (over: Partial<Principal>): Principal => ({
  userId: "u1",
  username: "ann",
  role: "viewer",
  via: "session",
  sessionId: "s1",
  tokenId: null,
  scope: null,
  adminNeedsTwoFactor: false,
  ...over,
});
const socketOf = (p: Principal) => {
  const socket = { data: { principal: p }, closed: false, disconnect: () => (socket.closed = true) };
  return socket satisfies LiveConnection;
};

describe("live connection registry", () => {
  it("closes the sockets of a session, a user or a token, and no others", () => {
    const a = socketOf(principal({ sessionId: "s1" }));
    const b = socketOf(principal({ sessionId: "s2" }));
    const c = socketOf(principal({ userId: "u2", sessionId: null, via: "token", tokenId: "t1" }));
    const untrack = [a, b, c].map(trackConnection);
    expect(closeConnections({ sessionId: "s1" })).toBe(1);
    expect([a.closed, b.closed, c.closed]).toEqual([true, false, false]);
    expect(closeConnections({ tokenId: "t1" })).toBe(1);
    expect(closeConnections({ userId: "u1" })).toBe(1);
    expect(b.closed).toBe(true);
    expect(closeConnections({ userId: "u1" })).toBe(0);
    untrack.forEach((u) => u());
  });

  it("closes a user's other browser sessions only, when 2FA is turned on in one of them", () => {
    const here = socketOf(principal({ userId: "u3", sessionId: "s-here" }));
    const elsewhere = socketOf(principal({ userId: "u3", sessionId: "s-elsewhere" }));
    const script = socketOf(principal({ userId: "u3", sessionId: null, via: "token", tokenId: "t3" }));
    const untrack = [here, elsewhere, script].map(trackConnection);
    expect(closeConnections({ userId: "u3", keepSessionId: "s-here" })).toBe(1);
    expect([here.closed, elsewhere.closed, script.closed]).toEqual([false, true, false]);
    untrack.forEach((u) => u());
  });
});
