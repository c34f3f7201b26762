// SQLite's disk filling while a transaction commits (the run journal writes a run's rows in one):
// the COMMIT fails with SQLITE_FULL, and the panel's database client must come out of it. Without
// the repair in lib/db/sqlite-adapter.ts the driver adapter's transaction lock is never released,
// so every later transaction waits forever — even once space is back — and a run whose rows were
// delayed is never stored (seen in e2e/recording-delayed.spec.ts). On a small tmpfs (root).
import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { fillDisk, mountTmpfs, unfillDisk, unmountTmpfs } from "./faults/fault-support";
import { scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";

const dir = scratchFolder("sqlite-full-");
mountTmpfs(dir, "40m");
afterAll(() => unmountTmpfs(dir));
scratchDatabase({ dir });

/** One transaction of about 6 MB: big enough that SQLite writes it out at COMMIT. */
const bigWrite = (tag: string) => {
  const prisma = getPrisma();
  const value = "x".repeat(2_000);
  return prisma.$transaction([
    prisma.panelSetting.upsert({ where: { key: tag }, update: { value }, create: { key: tag, value } }),
    prisma.panelSetting.createMany({
      data: Array.from({ length: 3_000 }, (_, i) => ({ key: `${tag}-${i}`, value })),
    }),
  ]);
};

/** How a write ended within `ms`: "ok", the error's last line, or "hung". */
const outcome = (write: Promise<unknown>, ms = 10_000): Promise<string> =>
  Promise.race([
    write.then(
      () => "ok",
      (error: unknown) => String(error).split("\n").filter(Boolean).at(-1) ?? "error",
    ),
    new Promise<string>((resolve) => setTimeout(() => resolve("hung"), ms)),
  ]);

describe("SQLite disk full at COMMIT", () => {
  it("fails the transaction, never hangs the next ones, and writes again once space is back", async () => {
    expect(await outcome(bigWrite("before"))).toBe("ok");
    fillDisk({ dir, name: "ballast", leaveBytes: 2 * 2 ** 20 });
    try {
      for (const tag of ["full-1", "full-2"]) expect(await outcome(bigWrite(tag))).toMatch(/disk is full/);
    } finally {
      unfillDisk({ dir, name: "ballast" });
    }
    expect(await outcome(bigWrite("after"))).toBe("ok");
    const prisma = getPrisma();
    // What failed left nothing; what came after is whole.
    expect(await prisma.panelSetting.count({ where: { key: { startsWith: "full-" } } })).toBe(0);
    expect(await prisma.panelSetting.count({ where: { key: { startsWith: "after" } } })).toBe(3_001);
  }, 120_000);

  // The run journal's and the resource history's writes as they come when the disk is full to the
  // last page (e2e/recording-delayed fills it so): the first statement, a later one, or the COMMIT
  // may be the one refused, and SQLite may or may not have rolled the transaction back already.
  const SHAPES = {
    "one small row": (tag: string) =>
      getPrisma().$transaction([
        getPrisma().panelSetting.upsert({
          where: { key: tag },
          update: { value: "v" },
          create: { key: tag, value: "v" },
        }),
      ]),
    "a row, then many": (tag: string) =>
      getPrisma().$transaction([
        getPrisma().panelSetting.upsert({
          where: { key: tag },
          update: { value: "v" },
          create: { key: tag, value: "v" },
        }),
        getPrisma().panelSetting.createMany({
          data: Array.from({ length: 400 }, (_, i) => ({ key: `${tag}-${i}`, value: "y".repeat(500) })),
        }),
      ]),
    interactive: (tag: string) =>
      getPrisma().$transaction(async (tx) => {
        await tx.panelSetting.create({ data: { key: tag, value: "v" } });
        await tx.panelSetting.createMany({
          data: Array.from({ length: 50 }, (_, i) => ({ key: `${tag}-${i}`, value: "z".repeat(500) })),
        });
      }),
  } as const;

  it.each([0, 8 * 1024, 256 * 1024])(
    "with %d bytes left: every kind of write fails or succeeds, none hangs, and all write once space is back",
    async (leaveBytes) => {
      fillDisk({ dir, name: "ballast", leaveBytes });
      try {
        for (const [shape, write] of Object.entries(SHAPES))
          for (let i = 0; i < 3; i += 1)
            expect(`${shape}: ${await outcome(write(`full-${leaveBytes}-${shape}-${i}`))}`).not.toMatch(
              /hung$/,
            );
      } finally {
        unfillDisk({ dir, name: "ballast" });
      }
      for (const [shape, write] of Object.entries(SHAPES))
        expect(`${shape}: ${await outcome(write(`after-${leaveBytes}-${shape}`))}`).toBe(`${shape}: ok`);
    },
    120_000,
  );
});
