import { describe, expect, it } from "vitest";
import { connectionErrorText, engineKindOf, engineOptions } from "./engine-connection";

const tls = {
  ca: "-----BEGIN CERTIFICATE-----ca",
  cert: "-----BEGIN CERTIFICATE-----c",
  key: "-----BEGIN PRIVATE KEY-----k",
};

describe("engineOptions", () => {
  it("reads a socket, plain tcp, tcp with TLS and ssh", () => {
    expect(engineOptions({ url: "unix:///tmp/x.sock" })).toEqual({ socketPath: "/tmp/x.sock" });
    expect(engineOptions({ url: "tcp://10.0.0.5" })).toEqual({
      host: "10.0.0.5",
      port: 2375,
      protocol: "http",
    });
    expect(engineOptions({ url: "tcp://10.0.0.5:2376", tls })).toEqual({
      host: "10.0.0.5",
      port: 2376,
      protocol: "https",
      ...tls,
    });
    expect(
      engineOptions({ url: "ssh://deploy@box:2222", sshKey: "-----BEGIN OPENSSH PRIVATE KEY-----" }),
    ).toMatchObject({
      protocol: "ssh",
      host: "box",
      port: 2222,
      username: "deploy",
      sshOptions: { privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----" },
    });
  });
  it("refuses an ssh URL without a key and an unknown scheme, naming the field", () => {
    expect(() => engineOptions({ url: "ssh://box" })).toThrow(/sshKey/);
    expect(() => engineKindOf("http://box")).toThrow(/url: must start with/);
  });
});

describe("connectionErrorText", () => {
  it("names a wrong CA, a refused client certificate and a plain-HTTP client", () => {
    const wrongCa = Object.assign(new Error("unable to verify the first certificate"), {
      code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    });
    expect(connectionErrorText(wrongCa)).toMatch(
      /^TLS: the engine's certificate is not signed by the CA you gave/,
    );
    const badClient = Object.assign(new Error("alert bad certificate"), {
      code: "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE",
    });
    expect(connectionErrorText(badClient)).toMatch(/refused the client certificate/);
    expect(connectionErrorText(new Error("Client sent an HTTP request to an HTTPS server."))).toMatch(
      /speaks only TLS/,
    );
    expect(
      connectionErrorText(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })),
    ).toMatch(/^Nothing listens/);
  });
});
