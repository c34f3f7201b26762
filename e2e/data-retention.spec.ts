// Admin → Data: the run detail retention set from the page, refused with the field named when it is
// not whole days ≥ 1, refused to a viewer, and put back to "for ever" (other specs keep their detail).
import { expect, test } from "@playwright/test";
import { signInAs } from "./fixtures";

test("an admin sets the run detail retention; bad days and a viewer are refused", async ({
  page,
  request,
}) => {
  await signInAs(page.request, "admin");
  await page.goto("/admin/data");
  await expect(page.getByTestId("retention-status")).toHaveText("Run detail is kept for ever.");
  await page.getByLabel(/Keep each finished run/).fill("30");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("older than 30 days");
  await expect(page.getByTestId("retention-status")).toContainText("Kept for 30 day(s)");
  expect(((await (await page.request.get("/api/settings")).json()) as { data: unknown }).data).toMatchObject({
    runDetailRetentionDays: 30,
  });

  await page.getByLabel(/Keep each finished run/).fill("0");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Fix these fields:")).toContainText("runDetailRetentionDays: at least 1 day");
  for (const days of [0, 1.5, "30"]) {
    const refused = await page.request.put("/api/settings", { data: { runDetailRetentionDays: days } });
    expect(refused.status()).toBe(400);
    expect(await refused.text()).toContain("runDetailRetentionDays");
  }

  await signInAs(request, "viewer");
  expect((await request.put("/api/settings", { data: { runDetailRetentionDays: 1 } })).status()).toBe(403);

  await page.getByLabel(/Keep each finished run/).fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("retention-status")).toHaveText("Run detail is kept for ever.");
});
