import { expect, test } from "@playwright/test";
import { signInAs } from "./fixtures";
import { E2E_PASSWORD, E2E_THROTTLED_USER, E2E_USERS } from "./users";

test("signing in through the form, a wrong password, and the audit trail an admin sees", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);

  await page.getByLabel("Username").fill(E2E_USERS.operator);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Invalid" })).toHaveText(
    "Invalid username or password.",
  );

  await page.getByLabel("Password").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByTestId("current-user")).toHaveText(`${E2E_USERS.operator} · operator`);
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);

  const admin = await browser.newPage();
  await signInAs(admin.request, "admin");
  await admin.goto("/admin/audit");
  const rows = admin.getByTestId("audit-table").locator("tbody tr");
  await expect(
    rows
      .filter({ hasText: E2E_USERS.operator })
      .filter({ hasText: "auth.sign_in" })
      .filter({ hasText: "refused" })
      .first(),
  ).toBeVisible();
  await expect(
    rows
      .filter({ hasText: E2E_USERS.operator })
      .filter({ hasText: "auth.sign_in" })
      .filter({ hasText: "ok" })
      .first(),
  ).toBeVisible();
  const csv = await admin.request.get("/api/audit?format=csv");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain(`,${E2E_USERS.operator},auth.sign_in,`);
  await admin.close();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.request.get("/api/me")).status()).toBe(401);
});

test("an API token is shown once, works as a Bearer token, and stops working when revoked", async ({
  page,
  playwright,
  baseURL,
}) => {
  await signInAs(page.request, "operator");
  await page.goto("/settings/tokens");
  await page.getByPlaceholder("what it is for").fill("ci deploys");
  await page.getByRole("combobox").selectOption("operator");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent()) ?? "";
  expect(token).toMatch(/^omx_/);

  const api = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const me = await (await api.get("/api/me")).json();
  expect(me.data).toEqual({ username: E2E_USERS.operator, role: "operator", via: "token" });
  expect((await api.get("/api/users")).status()).toBe(403);

  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await page
    .getByRole("row", { name: /ci deploys/ })
    .getByRole("button", { name: "Revoke" })
    .click();
  await expect(page.getByRole("row", { name: /ci deploys/ })).toContainText("revoked");
  expect((await api.get("/api/me")).status()).toBe(401);
  await api.dispose();
});

test("pages and API answers carry the security headers", async ({ request }) => {
  const response = await request.get("/login");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  const big = await request.post("/api/auth/login", {
    data: "x".repeat(1024 * 1024 + 10),
    headers: { "content-type": "application/json" },
  });
  expect(big.status()).toBe(413);
});

test("repeated failed sign-ins are throttled with the same answer for known and unknown accounts", async ({
  request,
}) => {
  for (const username of [E2E_THROTTLED_USER, "no-such-user-anywhere"]) {
    const statuses: number[] = [];
    let last = "";
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await request.post("/api/auth/login", {
        data: { username, password: "wrong-password-123" },
      });
      statuses.push(response.status());
      last = (await response.json()).error.message;
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(last).toMatch(/^Too many failed sign-ins\. Try again in \d+ minute\(s\)\.$/);
  }
});
