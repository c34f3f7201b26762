// A deploy or teardown is refused while a backup or restore copies the project's volumes, and
// allowed again once the copy ends, whether it succeeded or failed.
import { describe, expect, it } from "vitest";
import { activeCopyOf, assertNotCopying, whileCopying } from "./active-copies";

const where = { environment: null, project: "proj" };

describe("active copies", () => {
  it("refuses a deploy naming the backup while it runs; allows it after", async () => {
    let release: () => void = () => undefined;
    const copying = whileCopying(
      where,
      { id: "bak-1", kind: "backup", topology: "t" },
      () => new Promise<void>((r) => (release = r)),
    );
    expect(() => assertNotCopying({ ...where, action: "deploy" })).toThrow(
      "t (project proj) is being backed up (backup bak-1): deploy it once that ends.",
    );
    // Another engine's project of the same name is not concerned.
    expect(() =>
      assertNotCopying({ environment: "remote", project: "proj", action: "deploy" }),
    ).not.toThrow();
    release();
    await copying;
    expect(() => assertNotCopying({ ...where, action: "deploy" })).not.toThrow();
  });

  it("names a restore, and forgets it when the restore fails", async () => {
    let fail: (error: Error) => void = () => undefined;
    const copying = whileCopying(
      where,
      { id: "bak-2", kind: "restore", topology: "t" },
      () => new Promise<void>((_, reject) => (fail = reject)),
    );
    expect(() => assertNotCopying({ ...where, action: "tear down" })).toThrow(
      "t (project proj) is being restored (restore bak-2): tear it down once that ends.",
    );
    fail(new Error("disk"));
    await expect(copying).rejects.toThrow("disk");
    expect(activeCopyOf(where)).toBeUndefined();
  });
});
