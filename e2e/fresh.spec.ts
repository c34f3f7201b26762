// A first visit on a fresh panel (the third e2e server: an empty database, and an image map whose
// tags no engine has): setup signs the new admin in, and the dashboard says what blocks a deploy.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { panelDatabase } from "./fixtures";

test.use({ baseURL: `http://127.0.0.1:${process.env.E2E_FRESH_PORT}` });

test("after Create admin the new admin lands signed in on the dashboard", async ({ page, context }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel("Username").fill("first-admin");
  await page.getByLabel("Password").fill("a-fresh-password-42");
  await page.getByRole("button", { name: "Create admin" }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("first-admin · admin")).toBeVisible();
  // A second visit keeps the session: no sign-in page.
  const again = await context.newPage();
  await again.goto("/");
  await expect(again.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  // The setup page is gone once an admin exists.
  await again.goto("/setup");
  await expect(again).not.toHaveURL(/\/setup$/);
});

test("with images missing, Deploy is disabled with the reason; with nothing deployed, so are Tear down and Add worker", async ({
  page,
}) => {
  const login = await page.request.post("/api/auth/login", {
    data: { username: "first-admin", password: "a-fresh-password-42" },
  });
  expect(login.status(), await login.text()).toBe(200);
  await page.goto("/");

  const deploy = page
    .getByRole("form", { name: "Deploy" })
    .getByRole("button", { name: "Deploy", exact: true });
  await expect(deploy).toBeDisabled();
  const reason = page.getByTestId("deploy-disabled-reason");
  await expect(reason).toContainText("image(s) missing on this engine");
  await expect(reason).toContainText("ollamamax-e2e-absent/");
  await expect(reason).toContainText("build the local images first");

  // Tear down and Add worker follow what Docker reports for the selected topology. Other suites
  // deploy the shipped topologies on the same engine (under the cluster lock): check a topology
  // Docker reports empty right now.
  const topologies = ["optimized", "original"];
  const counts = await Promise.all(
    topologies.map(async (name) => {
      const answer = await (await page.request.get(`/api/status?topology=${name}`)).json();
      return answer.data.services.length as number;
    }),
  );
  const empty = topologies.find((_, i) => counts[i] === 0);
  test.skip(empty === undefined, "both shipped topologies are deployed on this engine right now");
  await page.locator(`select[name="topology"]`).selectOption(empty!);
  await expect(page.getByRole("button", { name: "Tear down" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Add worker node" })).toBeDisabled();
  await expect(page.getByTestId("run-controls-reason")).toHaveText(`nothing of ${empty} is deployed`);
  await expect(page.getByRole("button", { name: "Tear down" })).toHaveAttribute(
    "title",
    `nothing of ${empty} is deployed`,
  );
});

test.describe("the first-visit tour", () => {
  const signIn = async (page: Page, username: string, password: string) => {
    const login = await page.request.post("/api/auth/login", { data: { username, password } });
    expect(login.status(), await login.text()).toBe(200);
  };

  test("three steps point at Deploy, the live charts and Compare; dismissed, it never comes back", async ({
    page,
  }) => {
    await signIn(page, "first-admin", "a-fresh-password-42");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto("/");
    const tour = page.getByRole("dialog", { name: "First-visit tour" });
    await expect(tour).toBeVisible();
    const steps: [string, string, Locator][] = [
      [
        "deploy",
        "1 · Deploy",
        page.getByRole("form", { name: "Deploy" }).getByRole("button", { name: "Deploy", exact: true }),
      ],
      ["watch", "2 · Watch", page.getByTestId("live-stats")],
      [
        "compare",
        "3 · Compare",
        page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compare" }),
      ],
    ];
    for (const [index, [target, title, control]] of steps.entries()) {
      await expect(tour).toHaveAttribute("data-step", target);
      await expect(tour).toContainText(title);
      // It points at the control: the card sits just below it and the highlight frames it (also once
      // the page's data has arrived and moved the control).
      await expect
        .poll(
          async () => {
            const [card, box, ring] = await Promise.all([
              tour.boundingBox(),
              control.boundingBox(),
              page.getByTestId("tour-highlight").boundingBox(),
            ]);
            if (!card || !box || !ring) return "not laid out";
            const below = card.y - (box.y + box.height);
            const framed = ring.x <= box.x && ring.x + ring.width >= box.x + box.width;
            return below >= 0 && below < 40 && framed ? "points at it" : { card, box, ring };
          },
          { message: target, timeout: 5_000 },
        )
        .toBe("points at it");
      if (index === 0) await page.screenshot({ path: "docs/screenshots/first-visit-tour.png" });
      if (index < steps.length - 1) await tour.getByRole("button", { name: "Next" }).click();
    }
    await tour.getByRole("button", { name: "Back" }).click();
    await expect(tour).toHaveAttribute("data-step", "watch");
    // Not dismissed yet: a reload shows it again, from the first step.
    await page.reload();
    await expect(tour).toHaveAttribute("data-step", "deploy");
    const dismissed = page.waitForResponse((r) => r.url().endsWith("/api/me/tour"));
    await tour.getByRole("button", { name: "Skip tour" }).click();
    await expect(tour).toHaveCount(0);
    expect((await dismissed).status()).toBe(200);
    // Stored for the user, not the browser: a new browser context of the same user sees no tour.
    await page.reload();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(tour).toHaveCount(0);
    const other = await page.context().browser()!.newContext();
    const again = await other.newPage();
    await signIn(again, "first-admin", "a-fresh-password-42");
    await again.goto("/");
    await expect(again.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(again.getByRole("dialog", { name: "First-visit tour" })).toHaveCount(0);
    await other.close();
  });

  test("another new user gets it until a run exists", async ({ page }) => {
    await signIn(page, "first-admin", "a-fresh-password-42");
    const created = await page.request.post("/api/users", {
      data: { username: "second-person", password: "another-fresh-pass-77", role: "viewer" },
    });
    expect(created.status(), await created.text()).toBe(201);
    const other = await page.context().browser()!.newContext();
    const theirs = await other.newPage();
    await signIn(theirs, "second-person", "another-fresh-pass-77");
    await theirs.goto("/");
    const tour = theirs.getByRole("dialog", { name: "First-visit tour" });
    await expect(tour).toBeVisible();
    // A run stored (as a deploy leaves one): the tour is over for everyone.
    const db = panelDatabase({ fresh: true });
    const run = await db.run.create({
      data: {
        kind: "teardown",
        project: "optimized",
        topology: "optimized",
        strategy: "",
        status: "torn_down",
      },
    });
    try {
      await theirs.reload();
      await expect(theirs.getByRole("heading", { name: "Dashboard" })).toBeVisible();
      await expect(tour).toHaveCount(0);
    } finally {
      await db.run.delete({ where: { id: run.id } });
      await db.$disconnect();
      await other.close();
    }
  });
});
