import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { fieldProblems } from "@/lib/http/field-problems";
import { splitChannel, ZNewChannel } from "./channel-settings";
import { ZRuleChanges } from "./rules";

// The field names a 400 carries (lib/http/field-problems.ts names an unknown key by its own path).
const pathsOf = (result: { success: boolean; error?: { issues: z.core.$ZodIssue[] } }) =>
  fieldProblems({ issues: result.error?.issues ?? [], root: "body" }).map((p) => p.path);

describe("channel settings", () => {
  it("refuses a URL that is not http(s) and an SMTP port out of range, naming the field", () => {
    expect(pathsOf(ZNewChannel.safeParse({ kind: "webhook", name: "w", url: "file:///etc/passwd" }))).toEqual(
      ["url"],
    );
    expect(pathsOf(ZNewChannel.safeParse({ kind: "ntfy", name: "n", url: "gopher://x" }))).toEqual(["url"]);
    expect(
      pathsOf(
        ZNewChannel.safeParse({
          kind: "email",
          name: "m",
          host: "h",
          port: 70000,
          from: "panel@example.org",
          to: ["ops@example.org"],
        }),
      ),
    ).toEqual(["port"]);
    expect(
      ZNewChannel.safeParse({ kind: "webhook", name: "w", url: "https://hooks.example/x" }).success,
    ).toBe(true);
  });

  it("keeps secrets out of the shown settings", () => {
    const { settings, secret } = splitChannel(
      ZNewChannel.parse({
        kind: "email",
        name: "m",
        host: "smtp.example",
        port: 587,
        username: "ops",
        password: "Cobalt-Heron-5521",
        from: "panel@example.org",
        to: ["ops@example.org"],
      }),
    );
    expect(JSON.stringify(settings)).not.toContain("Cobalt");
    expect(secret).toEqual({ password: "Cobalt-Heron-5521" });
  });

  it("refuses a rule threshold of 0 or below", () => {
    expect(pathsOf(ZRuleChanges.safeParse({ unhealthy: { threshold: 0 } }))).toEqual(["unhealthy.threshold"]);
    expect(pathsOf(ZRuleChanges.safeParse({ restart_loop: { threshold: -1 } }))).toEqual([
      "restart_loop.threshold",
    ]);
    expect(ZRuleChanges.safeParse({ unhealthy: { threshold: 5 } }).success).toBe(true);
    expect(pathsOf(ZRuleChanges.safeParse({ bogus: { enabled: false } }))).toEqual(["bogus"]);
  });
});
