// A backup and a restore from the Topology page, on the real engine: an operator backs up a
// topology's volume and its ./data folder (its read-only config folder listed as not copied), the
// data is replaced, the restore shows the mapping the server states and, confirmed, brings every
// file back (sha256 equal); an admin deletes the backup.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { signInAs } from "./fixtures";

const NAME = `e2e-backup-${process.pid}`;
const VOLUME = `${NAME}_store`;
const IMAGE = "ollamamax-test/busybox:latest";
const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" });
const inVolume = (script: string) =>
  docker("run", "--rm", "--network", "none", "-v", `${VOLUME}:/data`, IMAGE, "sh", "-c", script);
const hashes = () => inVolume('cd /data && find . -type f | sort | while read -r f; do sha256sum "$f"; done');
const NOTES = `topologies/${NAME}/data/notes`;

test.beforeAll(() => {
  fs.mkdirSync(`topologies/${NAME}`, { recursive: true });
  fs.writeFileSync(
    `topologies/${NAME}/docker-compose.yml`,
    `name: ${NAME}\nservices:\n  db:\n    image: ${IMAGE}\n    command: ["sleep", "3600"]\n    volumes: ["store:/var/lib/store", "./data/notes:/notes", "./conf:/etc/conf:ro"]\nvolumes:\n  store: {}\n`,
  );
  fs.mkdirSync(NOTES, { recursive: true });
  fs.mkdirSync(`topologies/${NAME}/conf`);
  fs.writeFileSync(`${NOTES}/first.txt`, "kept in a data folder\n");
  docker("volume", "create", "--label", `com.docker.compose.project=${NAME}`, VOLUME);
  inVolume(
    "mkdir -p /data/pg && dd if=/dev/urandom of=/data/pg/table bs=1024 count=512 2>/dev/null && echo v1 > /data/PG_VERSION",
  );
});
test.afterAll(() => {
  fs.rmSync(`topologies/${NAME}`, { recursive: true, force: true });
  fs.rmSync(`data/backups/${NAME}`, { recursive: true, force: true });
  try {
    docker("volume", "rm", "-f", VOLUME);
  } catch {
    // already gone
  }
});

test("an operator backs up and restores a topology's volume from the Topology page", async ({ page }) => {
  const before = hashes();
  await signInAs(page.request, "operator");
  await page.goto(`/topology?name=${NAME}`);
  const panel = page.getByTestId("backups-panel");
  await expect(panel).toContainText(`No backups of ${NAME} yet.`);
  await panel.getByRole("button", { name: "Back up" }).click();
  const row = panel.locator("tbody tr").first();
  await expect(row).toContainText("complete", { timeout: 60_000 });
  await expect(row).toContainText("services stopped");
  await expect(row.getByTestId("backup-files")).toHaveText("3");
  await row.getByText("1 not copied").click();
  await expect(row.getByTestId("backup-not-copied")).toContainText(
    "./conf (db): not copied: mounted read-only",
  );

  inVolume("rm -rf /data/* && echo replaced > /data/other");
  fs.rmSync(`${NOTES}/first.txt`);
  expect(hashes()).not.toBe(before);
  await row.getByRole("button", { name: "Restore" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm restore" });
  await expect(dialog).toContainText(
    `empties and overwrites store → ${VOLUME}, bind:data/notes → ${fs.realpathSync(NOTES)}`,
  );
  expect(hashes()).not.toBe(before);
  await dialog.getByRole("button", { name: "Confirm restore" }).click();
  await expect(panel.getByRole("status")).toContainText(`Restored store → ${VOLUME}`, { timeout: 60_000 });
  expect(hashes()).toBe(before);
  expect(fs.readFileSync(`${NOTES}/first.txt`, "utf8")).toBe("kept in a data folder\n");
  await page.screenshot({ path: "docs/screenshots/topology-backups.png", fullPage: true });

  await signInAs(page.request, "admin");
  await page.reload();
  await panel.getByRole("button", { name: "Delete" }).click();
  await expect(panel).toContainText(`No backups of ${NAME} yet.`);
});
