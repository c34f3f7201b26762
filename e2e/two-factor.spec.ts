// Two-factor sign-in in Chromium: enrol in Settings → Security (the account's password first, then
// secret and QR code), sign out, sign in with a code as a second step, then with a recovery code,
// which works only once. Enrolling or turning it off with a wrong password is refused.
import { expect, test } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { signInAs } from "./fixtures";
import { E2E_PASSWORD } from "./users";

/** The code an authenticator app would show `stepsAhead` periods from now (each code works once). */
const codeFor = (secret: string, stepsAhead = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({
    timestamp: Date.now() + stepsAhead * 30_000,
  });

const signInThroughForm = async (page: import("@playwright/test").Page, username: string) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Code from your authenticator app (or a recovery code)")).toBeVisible();
  // No session before the second step.
  expect((await page.request.get("/api/me")).status()).toBe(401);
};

test("enrol, sign in with a code, then with a recovery code that works once", async ({ page, request }) => {
  const username = `twofa-${Math.random().toString(36).slice(2, 8)}`;
  await signInAs(request, "admin");
  expect(
    (
      await request.post("/api/users", { data: { username, password: E2E_PASSWORD, role: "operator" } })
    ).status(),
  ).toBe(201);

  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  await page.getByRole("link", { name: "Security" }).click();
  await expect(page.getByTestId("two-factor-state")).toContainText("Off");
  // A stolen session alone cannot enrol: the account's password is asked first.
  await page.getByLabel("Your password").fill("not-the-password");
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not your account's password" })).toBeVisible();
  await page.getByLabel("Your password").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code of the otpauth URI" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByText(`otpauth://totp/`)).toBeVisible();
  await page.getByLabel("Code", { exact: true }).fill("000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "does not match" })).toBeVisible();
  const confirmStep = Math.floor(Date.now() / 30_000);
  await page.getByLabel("Code", { exact: true }).fill(codeFor(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  const codes = await page.getByTestId("recovery-codes").locator("li").allTextContents();
  expect(codes).toHaveLength(10);
  await page.getByRole("button", { name: "I saved them" }).click();
  await expect(page.getByTestId("two-factor-state")).toContainText("On · 10 recovery code(s) left");
  // The seed is never sent back after enrolment.
  expect(await (await page.request.get("/api/two-factor")).text()).not.toContain(secret);
  expect(await (await page.request.get("/settings/security")).text()).not.toContain(secret);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await signInThroughForm(page, username);
  await page.getByLabel("Code from your authenticator app (or a recovery code)").fill("123456");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not valid" })).toBeVisible();
  await page.getByLabel("Code from your authenticator app (or a recovery code)").fill(
    // the enrolment's code cannot be replayed: use the next period's while still in the same one
    codeFor(secret, Math.floor(Date.now() / 30_000) > confirmStep ? 0 : 1),
  );
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await signInThroughForm(page, username);
  await page.getByLabel("Code from your authenticator app (or a recovery code)").fill(codes[0] ?? "");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await signInThroughForm(page, username);
  await page.getByLabel("Code from your authenticator app (or a recovery code)").fill(codes[0] ?? "");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not valid" })).toBeVisible();
  await page.getByLabel("Code from your authenticator app (or a recovery code)").fill(codes[1] ?? "");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await page.goto("/settings/security");
  await expect(page.getByTestId("two-factor-state")).toContainText("8 recovery code(s) left");
});

test("require 2FA for admins: audited; an admin without it acts as an operator", async ({
  request,
  playwright,
  baseURL,
}) => {
  await signInAs(request, "admin");
  const refused = await request.put("/api/settings", { data: { requireAdminTwoFactor: true } });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error.message).toContain("your own account first");
  // An admin with 2FA turns it on; e2e-admin (without) then acts as an operator.
  const username = `admin2fa-${Math.random().toString(36).slice(2, 8)}`;
  expect(
    (
      await request.post("/api/users", { data: { username, password: E2E_PASSWORD, role: "admin" } })
    ).status(),
  ).toBe(201);
  const other = await playwright.request.newContext({ baseURL });
  await other.post("/api/auth/login", { data: { username, password: E2E_PASSWORD } });
  expect((await other.post("/api/two-factor/enrol", { data: {} })).status()).toBe(400);
  const { secret } = (
    await (await other.post("/api/two-factor/enrol", { data: { password: E2E_PASSWORD } })).json()
  ).data;
  expect(
    (
      await other.post("/api/two-factor/confirm", { data: { code: codeFor(secret), password: E2E_PASSWORD } })
    ).status(),
  ).toBe(200);
  expect((await other.put("/api/settings", { data: { requireAdminTwoFactor: true } })).status()).toBe(200);
  try {
    expect((await request.get("/api/users")).status()).toBe(403);
    expect((await (await request.get("/api/me")).json()).data.role).toBe("operator");
    expect((await other.get("/api/users")).status()).toBe(200);
    const audit = await (await other.get("/api/audit")).text();
    expect(audit).toContain("settings.require_admin_two_factor");
  } finally {
    expect((await other.put("/api/settings", { data: { requireAdminTwoFactor: false } })).status()).toBe(200);
  }
  // Turning 2FA off needs the password: a current code alone or a wrong password is refused.
  expect((await other.delete("/api/two-factor", { data: { code: codeFor(secret, 1) } })).status()).toBe(400);
  const wrong = await other.delete("/api/two-factor", { data: { password: "not-my-password" } });
  expect(wrong.status()).toBe(403);
  expect((await other.delete("/api/two-factor", { data: { password: E2E_PASSWORD } })).status()).toBe(200);
  expect((await (await other.get("/api/two-factor")).json()).data.enabled).toBe(false);
  await other.dispose();
});
