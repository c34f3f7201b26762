// The analysis report opened from the Topology page and from Compare (issue 29), and its PDF
// download. Two stored runs are seeded straight into the e2e database: Compare needs runs, not a
// cluster; the report then says what it could not measure rather than inventing figures.
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { signInAs } from "./fixtures";

const IDS = [`e2e-report-a-${process.pid}`, `e2e-report-b-${process.pid}`];

test.beforeAll(() => {
  const db = new Database(process.env.E2E_DB ?? "");
  const insert = db.prepare(
    "INSERT INTO Run (id, topology, strategy, status, kind, project, totalMs) VALUES (?, ?, ?, 'failed', 'deploy', ?, NULL)",
  );
  insert.run(IDS[0], "original", "sequential", "ollamamax-original");
  insert.run(IDS[1], "optimized", "dag", "ollamamax-optimized");
  db.close();
});
test.afterAll(() => {
  const db = new Database(process.env.E2E_DB ?? "");
  db.prepare(`DELETE FROM Run WHERE id IN (?, ?)`).run(...IDS);
  db.close();
});

test("the report opens from the Topology page and from Compare, and downloads as a PDF", async ({ page }) => {
  await signInAs(page.request, "viewer");
  await page.goto("/topology?name=optimized");
  await page.getByTestId("report-link").click();
  await expect(page).toHaveURL(/\/topology\/report\?name=optimized$/);
  const report = page.getByTestId("analysis-report");
  await expect(report.getByRole("heading", { level: 1 })).toHaveText("Analysis report: optimized");
  await expect(report.getByRole("heading", { name: "Risks" })).toBeVisible();
  await expect(report).toContainText("The guide's claims (claims, not measurements)");

  await page.goto(`/compare?ids=${IDS.join(",")}`);
  await page.getByTestId("report-link").click();
  await expect(page).toHaveURL(/\/topology\/report\?name=optimized&vs=original$/);
  await expect(report.getByRole("heading", { level: 1 })).toHaveText(
    "Analysis report: optimized (vs original)",
  );

  const pdf = await page.request.get("/api/v1/topologies/optimized/report?format=pdf&vs=original");
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
});
