import { describe, expect, it } from "vitest";
import { readEnv } from "./env";

describe("readEnv", () => {
  it("defaults to port 4600 on loopback, never Grafana's 3000", () => {
    const env = readEnv({});
    expect(env.PORT).toBe(4600);
    expect(env.PANEL_HOST).toBe("127.0.0.1");
    expect(env.PANEL_PUBLISH_HOST).toBe("127.0.0.1");
  });
  it("names every bad variable in one message", () => {
    const read = () => readEnv({ PORT: "70000", NODE_ENV: "staging" });
    expect(read).toThrow(/PORT: PORT must be 1-65535/);
    expect(read).toThrow(/NODE_ENV: /);
  });
});
