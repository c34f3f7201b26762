import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";
import { allowedHostsFromEnv, isAllowedHost } from "./allowed-hosts";

describe("Host allow-list", () => {
  const allowed = allowedHostsFromEnv(readEnv({}));

  it("answers to loopback names on any port by default", () => {
    for (const host of ["127.0.0.1:4600", "localhost:4600", "LOCALHOST", "[::1]:4600", "127.0.0.1"])
      expect(isAllowedHost({ host, allowed }), host).toBe(true);
  });

  it("refuses a rebinding name, look-alikes and garbage", () => {
    for (const host of [
      "evil.example:4600",
      "127.0.0.1.evil.example",
      "localhost.evil.example:4600",
      "",
      "127.0.0.1:4600@evil",
      "a b",
      null,
    ])
      expect(isAllowedHost({ host, allowed }), String(host)).toBe(false);
  });

  it("adds the bound PANEL_HOST and PANEL_ALLOWED_HOSTS, with an optional port", () => {
    const env = readEnv({ PANEL_HOST: "10.0.0.5", PANEL_ALLOWED_HOSTS: "panel.example.org, proxy.lan:8443" });
    const list = allowedHostsFromEnv(env);
    expect(isAllowedHost({ host: "10.0.0.5:4600", allowed: list })).toBe(true);
    expect(isAllowedHost({ host: "Panel.Example.org", allowed: list })).toBe(true);
    expect(isAllowedHost({ host: "proxy.lan:8443", allowed: list })).toBe(true);
    expect(isAllowedHost({ host: "proxy.lan:9000", allowed: list })).toBe(false);
  });

  it("does not allow every name when bound to 0.0.0.0", () => {
    const list = allowedHostsFromEnv(readEnv({ PANEL_HOST: "0.0.0.0" }));
    expect(isAllowedHost({ host: "0.0.0.0:4600", allowed: list })).toBe(false);
    expect(isAllowedHost({ host: "evil.example", allowed: list })).toBe(false);
  });

  it("names a bad PANEL_ALLOWED_HOSTS entry", () => {
    expect(() => readEnv({ PANEL_ALLOWED_HOSTS: "http://x.example/" })).toThrow(/PANEL_ALLOWED_HOSTS/);
  });
});
