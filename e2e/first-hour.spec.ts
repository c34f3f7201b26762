// What a person meets in the first hour, before deploying anything: the pages say only what is
// true of a topology that is not deployed, disabled buttons look disabled, and the panel has its
// icon (served by Next from public/).
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./fixtures";

const TOPOLOGIES = ["optimized", "original"] as const;

/** The shipped topologies Docker reports nothing of right now (other suites deploy them under the lock). */
const undeployed = async (page: Page): Promise<string[]> => {
  const counts = await Promise.all(
    TOPOLOGIES.map(async (name) => {
      const answer = await (await page.request.get(`/api/status?topology=${name}`)).json();
      return answer.data.services.length as number;
    }),
  );
  return TOPOLOGIES.filter((_, i) => counts[i] === 0);
};

/** Sentences that say a topology lacks something (all shipped topologies have a load balancer). */
const LACKS = (name: string) => [
  new RegExp(`\\b${name} has no\\b`, "i"),
  /has no load balancer/i,
  /no load[- ]balancer the panel generates/i,
  /without a load balancer/i,
];

test("before a deploy, no page says a topology lacks what it has", async ({ page }) => {
  await signInAs(page.request, "operator");
  await page.goto("/");
  const names = await undeployed(page);
  test.skip(names.length === 0, "both shipped topologies are deployed on this engine right now");
  for (const name of names) {
    await page.goto("/");
    await page.getByRole("combobox", { name: "Topology" }).selectOption(name);
    const balancer = page.getByTestId("load-balancer");
    // The optimized and original files both have nginx in front of the nodes: "not deployed", never "none".
    await expect(balancer).toContainText(`load-balancer is not running: nothing of ${name} is deployed`);
    const latency = page.getByRole("button", { name: /latency test/i });
    if ((await latency.count()) > 0)
      await expect(latency.first()).toHaveAttribute("title", /nothing of .* is deployed|not running/);
    const pages: [string, string][] = [
      ["dashboard", ""],
      ["topology", `/topology?name=${name}`],
      ["runs", "/runs"],
      ["compare", "/compare"],
    ];
    for (const [label, url] of pages) {
      if (url) await page.goto(url);
      const text = await page.locator("body").innerText();
      for (const claim of LACKS(name))
        expect(text, `${label} page (${name}) says "${text.match(claim)?.[0]}"`).not.toMatch(claim);
    }
  }
});

test("a disabled button looks disabled, whatever its colours (Tear down with nothing deployed)", async ({
  page,
}) => {
  await signInAs(page.request, "operator");
  await page.goto("/");
  const names = await undeployed(page);
  test.skip(names.length === 0, "both shipped topologies are deployed on this engine right now");
  await page.getByRole("combobox", { name: "Topology" }).selectOption(names[0] as string);
  const tearDown = page.getByRole("button", { name: "Tear down" });
  await expect(tearDown).toBeDisabled();
  await expect(tearDown).toHaveAttribute("title", `nothing of ${names[0]} is deployed`);
  // Grey and opaque (zinc-200 on zinc-500 text): not the solid red of an enabled Tear down.
  const look = await tearDown.evaluate((button) => {
    const style = getComputedStyle(button);
    return { background: style.backgroundColor, color: style.color, opacity: style.opacity };
  });
  expect(look).toEqual({ background: "rgb(228, 228, 231)", color: "rgb(113, 113, 122)", opacity: "1" });
  // The same rule for every disabled button: Add worker node has a border colour of its own.
  const addNode = page.getByRole("button", { name: "Add worker node" });
  await expect(addNode).toBeDisabled();
  expect(await addNode.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe("rgb(228, 228, 231)");
});

test("the favicon and app icons are served from public/ and named in the page", async ({ page }) => {
  for (const [url, type, file] of [
    ["/favicon.ico", /^image\/(x-icon|vnd\.microsoft\.icon)/, "public/favicon.ico"],
    ["/favicon.svg", /^image\/svg\+xml/, "public/favicon.svg"],
    ["/apple-touch-icon.png", /^image\/png/, "public/apple-touch-icon.png"],
    ["/icon-192.png", /^image\/png/, "public/icon-192.png"],
  ] as const) {
    // Anonymous: the sign-in page shows the icon too.
    const answer = await page.request.get(url);
    expect(answer.status(), url).toBe(200);
    expect(answer.headers()["content-type"], url).toMatch(type);
    expect(Buffer.compare(await answer.body(), readFileSync(file)), url).toBe(0);
  }
  const manifest = await page.request.get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  expect((await manifest.json()).icons.length).toBeGreaterThan(0);
  await page.goto("/login");
  await expect(page.locator('link[rel="icon"][href^="/favicon.svg"]')).toHaveCount(1);
  await expect(page.locator('link[rel="icon"][href^="/favicon.ico"]')).toHaveCount(1);
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", /apple-touch-icon\.png/);
});
