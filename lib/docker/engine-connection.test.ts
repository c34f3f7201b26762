import { describe, expect, it } from "vitest";
import { engineKindOf, engineOptions } from "./engine-connection";
import { classifyEngineError } from "./engine-failure";

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

describe("classifyEngineError", () => {
  const text = (error: unknown) => classifyEngineError(error);
  it("names a wrong CA, a refused client certificate and a plain-HTTP client", () => {
    const wrongCa = Object.assign(new Error("unable to verify the first certificate"), {
      code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    });
    expect(text(wrongCa)).toMatchObject({
      failure: "tls_failed",
      message: expect.stringMatching(/^TLS: the engine's certificate is not signed by the CA you gave/),
    });
    const badClient = Object.assign(new Error("alert bad certificate"), {
      code: "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE",
    });
    expect(text(badClient).message).toMatch(/refused the client certificate/);
    expect(text(new Error("Client sent an HTTP request to an HTTPS server.")).message).toMatch(
      /speaks only TLS/,
    );
    expect(text(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toMatchObject({
      failure: "refused",
      message: expect.stringMatching(/^refused: nothing listens/),
    });
  });

  it("never repeats what the remote server said", () => {
    const banner = "SSH-2.0-EvilServer_9.9 please-send-your-password";
    const cases = [
      Object.assign(new Error(`(HTTP code 418) unexpected - ${banner}`), { statusCode: 418, json: banner }),
      Object.assign(new Error(`Parse Error: ${banner}`), { code: "HPE_INVALID_CONSTANT" }),
      Object.assign(new Error(banner), { level: "protocol" }),
      Object.assign(new Error(banner), { code: "ECONNRESET" }),
      new Error(banner),
      Object.assign(new Error(banner), { code: banner }),
    ];
    expect(cases.map((c) => text(c).failure)).toEqual([
      "not_docker",
      "not_docker",
      "ssh_handshake_failed",
      "closed",
      "failed",
      "failed",
    ]);
    for (const c of cases) expect(text(c).message).not.toMatch(/Evil|please|SSH-2\.0/);
  });

  it("names the expected and presented fingerprints of a host key mismatch", () => {
    const key = (n: number) => ({ type: "ssh-ed25519", base64: `k${n}`, fingerprint: `SHA256:fp${n}` });
    const classified = classifyEngineError(new Error("Host denied (verification failed)"), {
      hostKey: { presented: key(2), accepted: false },
      pinned: [key(1)],
    });
    expect(classified.failure).toBe("host_key_mismatch");
    expect(classified.message).toContain(
      "expected SHA256:fp1 (ssh-ed25519), the engine presented SHA256:fp2",
    );
  });
});
