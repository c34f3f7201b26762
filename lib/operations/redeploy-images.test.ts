// The image refusals of "deploy this again": a gone image ID refuses with the tag's current one
// offered, unless accepted; a present one is pinned (never pulled or built).
import { describe, expect, it } from "vitest";
import { fixtureService, fixtureTopology } from "@/test/fixtures/fixture-topology";
import { isAppError } from "@/lib/errors";
import { pinImages, redeployPins, type PastImage } from "./redeploy-images";

const id = (digit: string) => `sha256:${digit.repeat(64)}`;
const present: PastImage = {
  ref: "app:1",
  storedId: id("a"),
  tag: "app:1",
  present: true,
  currentId: id("b"),
};
const gone: PastImage = { ref: "db:1", storedId: id("c"), tag: "db:1", present: false, currentId: id("d") };

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error("not refused");
};

describe("redeployPins", () => {
  it("pins every image still present to the ID the run ran, not the tag's current one", () => {
    expect(redeployPins({ runId: "r1", images: [present], acceptCurrentImages: false })).toEqual({
      "app:1": id("a"),
    });
  });

  it("refuses a gone image ID with 409 naming it and offering the tag's current ID", () => {
    const error = refusal(() =>
      redeployPins({ runId: "r1", images: [present, gone], acceptCurrentImages: false }),
    );
    expect(error.code).toBe("conflict");
    expect(error.message).toContain(`db:1: ${id("c")} is gone, the tag now names ${id("d")}`);
    expect(error.message).toContain("acceptCurrentImages: true");
    expect(error.details).toEqual({ images: [{ image: "db:1", storedId: id("c"), currentId: id("d") }] });
  });

  it("says when the tag is absent too", () => {
    const error = refusal(() =>
      redeployPins({ runId: "r1", images: [{ ...gone, currentId: null }], acceptCurrentImages: false }),
    );
    expect(error.message).toContain("this engine has no image tagged db:1");
  });

  it("accepted: the gone image runs its tag, the present one stays pinned", () => {
    expect(redeployPins({ runId: "r1", images: [present, gone], acceptCurrentImages: true })).toEqual({
      "app:1": id("a"),
    });
  });

  it("accepted after a redeploy (the file names an ID): back to the tag when known, else refused", () => {
    const pinnedBefore = { ...gone, ref: id("c") };
    expect(redeployPins({ runId: "r2", images: [pinnedBefore], acceptCurrentImages: true })).toEqual({
      [id("c")]: "db:1",
    });
    const untagged = refusal(() =>
      redeployPins({ runId: "r2", images: [{ ...pinnedBefore, tag: null }], acceptCurrentImages: true }),
    );
    expect(untagged.code).toBe("conflict");
    expect(untagged.message).toContain("no tag of it is known");
  });
});

describe("pinImages", () => {
  it("runs the pinned ID with pull_policy never and no build; other services untouched", () => {
    const topology = fixtureTopology({
      project: "pin",
      services: [
        fixtureService({
          name: "app",
          image: "app:1",
          build: { context: "/x", dockerfile: "Dockerfile", args: {} },
        }),
        fixtureService({ name: "db", image: "db:1" }),
      ],
    });
    const pinned = pinImages({ topology, pins: { "app:1": id("a") } });
    const [app, db] = pinned.services;
    expect(app).toMatchObject({ image: id("a"), build: null, pullPolicy: { kind: "never" } });
    expect(db?.image).toBe("db:1");
    expect(db?.pullPolicy).toBeUndefined();
  });

  it("a tag pin only renames the image (its pull policy applies)", () => {
    const topology = fixtureTopology({
      project: "pin",
      services: [fixtureService({ name: "db", image: id("c") })],
    });
    expect(pinImages({ topology, pins: { [id("c")]: "db:1" } }).services[0]?.image).toBe("db:1");
  });
});
