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
    expect(passwordProblem({ password: "short", username: "ann" })).toMatch(/10 characters/);
    expect(passwordProblem({ password: "long enough!", username: "ann" })).toBeNull();
  });
  it("refuses the username, in any case, inside the password", () => {
    expect(passwordProblem({ password: "grafanaadmin", username: "grafanaadmin" })).toMatch(/username/);
    expect(passwordProblem({ password: "My-GrafanaAdmin-42", username: "grafanaadmin" })).toMatch(/username/);
  });
  it("refuses the most common passwords, also with a number or symbol tacked on", () => {
    for (const password of [
      "1234567890",
      "qwertyuiop",
      "Password123",
      "Password2024!",
      "iloveyou12",
      "Welcome123!!",
    ])
      expect(passwordProblem({ password, username: "someone" }), password).toMatch(/most common/);
    expect(passwordProblem({ password: "violet tractor umbrella", username: "someone" })).toBeNull();
  });
});
