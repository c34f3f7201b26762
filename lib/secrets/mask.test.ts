import { describe, expect, it } from "vitest";
import { maskSecrets } from "./mask";

describe("maskSecrets", () => {
  it("replaces secret values by ${NAME} references, longest first, and lists the names used", () => {
    const { value, masked } = maskSecrets({
      value: { env: { URL: "postgres://u:hunter22@db/x", PASSWORD: "hunter22" }, cmd: ["x", "hunter22x"] },
      env: { DB_PASSWORD: "hunter22", DB_PASSWORD_LONG: "hunter22x", UNUSED_SECRET: "abcdef", PLAIN: "db" },
    });
    expect(value).toEqual({
      env: { URL: "postgres://u:${DB_PASSWORD}@db/x", PASSWORD: "${DB_PASSWORD}" },
      cmd: ["x", "${DB_PASSWORD_LONG}"],
    });
    expect(masked).toEqual(["DB_PASSWORD", "DB_PASSWORD_LONG"]);
  });

  it("leaves values of names that are not secrets alone", () => {
    expect(maskSecrets({ value: ["admin"], env: { MINIO_ROOT_USER: "admin" } })).toEqual({
      value: ["admin"],
      masked: [],
    });
  });
});
