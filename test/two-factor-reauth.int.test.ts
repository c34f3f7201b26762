// Two-factor management with a stolen session: enrol, confirm and turn off need the account's
// password (a session cookie alone is refused), and wrong passwords or codes are throttled — 12
// wrong attempts answer 403 up to the limit and 429 after it, the right password included. Called
// through the route handlers Next serves, on a real panel database.
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "@/lib/auth/throttle";
import {
  apiUser,
  scratchDatabase,
  scratchFolder,
  SESSION_PASSWORD,
  signedInSession,
  type ApiUser,
} from "./fixtures/scratch-panel";

scratchDatabase({ dir: scratchFolder("two-factor-reauth-") });

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls one of the two-factor routes as a browser session from `address`. */
const call = async ({
  path,
  method,
  cookie,
  body,
  address = "127.0.0.1",
}: {
  path: "/api/two-factor" | "/api/two-factor/enrol" | "/api/two-factor/confirm";
  method: "POST" | "DELETE";
  cookie: string;
  body: unknown;
  address?: string;
}) => {
  const mod = (await import(`@/app${path}/route`)) as Record<string, Handler>;
  const { REMOTE_ADDRESS_HEADER } = await import("@/lib/http/route");
  const handler = mod[method] as Handler;
  const response = await handler(
    new Request(`http://127.0.0.1:3000${path}`, {
      method,
      headers: {
        cookie,
        host: "127.0.0.1:3000",
        "content-type": "application/json",
        [REMOTE_ADDRESS_HEADER]: address,
      },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, body: (await response.json()) as { data?: unknown; error?: unknown } };
};

const codeFor = (secret: string) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate();

/** A user with a browser session (a fresh address each, so tests do not share the address budget). */
const sessionUser = async (name: string): Promise<ApiUser & { cookie: string }> => {
  const user = await apiUser({ username: name, role: "operator" });
  return { ...user, ...(await signedInSession(user)) };
};

/** Starts enrolment with the right password; answers the seed. */
const beginEnrolment = async (cookie: string, address: string): Promise<string> => {
  const started = await call({
    path: "/api/two-factor/enrol",
    method: "POST",
    cookie,
    body: { password: SESSION_PASSWORD },
    address,
  });
  expect(started.status).toBe(200);
  return (started.body.data as { secret: string }).secret;
};

/** Enrols through the routes with the right password; answers the seed. */
const enrol = async (cookie: string, address: string): Promise<string> => {
  const secret = await beginEnrolment(cookie, address);
  const confirmed = await call({
    path: "/api/two-factor/confirm",
    method: "POST",
    cookie,
    body: { code: codeFor(secret), password: SESSION_PASSWORD },
    address,
  });
  expect(confirmed.status).toBe(200);
  return secret;
};

const WRONG = "Not-The-Password-1";

/** The statuses of 12 attempts, the i-th with the body `bodyOf(i)`. */
const twelveAttempts = async (
  attempt: Omit<Parameters<typeof call>[0], "body">,
  bodyOf: (i: number) => unknown,
): Promise<number[]> => {
  const statuses: number[] = [];
  for (let i = 0; i < 12; i += 1) statuses.push((await call({ ...attempt, body: bodyOf(i) })).status);
  return statuses;
};

describe("two-factor management needs the password and is throttled", () => {
  it("refuses to enrol with the session alone or a wrong password, and enrols with the right one", async () => {
    const user = await sessionUser("enrol-owner");
    const bare = await call({ path: "/api/two-factor/enrol", method: "POST", cookie: user.cookie, body: {} });
    expect(bare.status).toBe(400);
    expect(JSON.stringify(bare.body)).toContain("password");
    const wrong = await call({
      path: "/api/two-factor/enrol",
      method: "POST",
      cookie: user.cookie,
      body: { password: WRONG },
    });
    expect(wrong.status).toBe(403);
    expect(JSON.stringify(wrong.body)).toContain("not your account's password");
    const secret = await enrol(user.cookie, "127.0.0.1");
    expect(secret).toMatch(/^[A-Z2-7]+$/);
  });

  it("refuses to confirm with a right code but a wrong password", async () => {
    const user = await sessionUser("confirm-owner");
    const secret = await beginEnrolment(user.cookie, "10.0.0.2");
    const stolen = await call({
      path: "/api/two-factor/confirm",
      method: "POST",
      cookie: user.cookie,
      body: { code: codeFor(secret) },
      address: "10.0.0.2",
    });
    expect(stolen.status).toBe(400);
    const wrong = await call({
      path: "/api/two-factor/confirm",
      method: "POST",
      cookie: user.cookie,
      body: { code: codeFor(secret), password: WRONG },
      address: "10.0.0.2",
    });
    expect(wrong.status).toBe(403);
    const { getPrisma } = await import("@/lib/db/client");
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).toBeNull();
  });

  it("answers 429 after the limit to 12 wrong passwords when turning 2FA off, even to the right one then", async () => {
    const user = await sessionUser("disable-owner");
    await enrol(user.cookie, "10.0.0.3");
    const statuses = await twelveAttempts(
      { path: "/api/two-factor", method: "DELETE", cookie: user.cookie, address: "10.0.0.3" },
      (i) => ({ password: `${WRONG}${i}` }),
    );
    const limit = DEFAULT_LIMITS.perAccount;
    expect(statuses).toEqual([...Array(limit).fill(403), ...Array(12 - limit).fill(429)]);
    const right = await call({
      path: "/api/two-factor",
      method: "DELETE",
      cookie: user.cookie,
      body: { password: SESSION_PASSWORD },
      address: "10.0.0.3",
    });
    expect(right.status).toBe(429);
    const { getPrisma } = await import("@/lib/db/client");
    expect(
      (await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt,
    ).not.toBeNull();
  });

  it("throttles wrong passwords at enrolment and wrong codes at confirmation", async () => {
    const enroller = await sessionUser("enrol-guesser");
    const enrolStatuses = await twelveAttempts(
      { path: "/api/two-factor/enrol", method: "POST", cookie: enroller.cookie, address: "10.0.0.4" },
      (i) => ({ password: `${WRONG}${i}` }),
    );
    expect(enrolStatuses.slice(-1)).toEqual([429]);
    expect(enrolStatuses.filter((s) => s === 429)).toHaveLength(12 - DEFAULT_LIMITS.perAccount);

    const confirmer = await sessionUser("code-guesser");
    await beginEnrolment(confirmer.cookie, "10.0.0.5");
    const codeStatuses = await twelveAttempts(
      { path: "/api/two-factor/confirm", method: "POST", cookie: confirmer.cookie, address: "10.0.0.5" },
      (i) => ({ code: String(100000 + i), password: SESSION_PASSWORD }),
    );
    expect(codeStatuses.filter((s) => s === 429)).toHaveLength(12 - DEFAULT_LIMITS.perAccount);
    expect(codeStatuses.slice(0, DEFAULT_LIMITS.perAccount).every((s) => s === 400)).toBe(true);
  });
});
