import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword({ password: "correct horse battery", hash })).toBe(true);
    expect(await verifyPassword({ password: "correct horse batterY", hash })).toBe(false);
  });
  it("salts: the same password hashes differently twice", async () => {
    expect(await hashPassword("same-password")).not.toBe(await hashPassword("same-password"));
  });
  it("refuses malformed hashes instead of throwing", async () => {
    expect(await verifyPassword({ password: "x", hash: "md5$abc" })).toBe(false);
  });
  it("asks for 10+ characters", () => {
    expect(passwordProblem("short")).toMatch(/10 characters/);
    expect(passwordProblem("long enough!")).toBeNull();
  });
});
