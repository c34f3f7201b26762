import { describe, expect, it } from "vitest";
import { createRedactor, isSecretName, REDACTED, redactPrivateKeys } from "./redact";

describe("redactor", () => {
  const redact = createRedactor({
    env: {
      DB_PASSWORD: "hunter2-db",
      JWT_SECRET: "jwt-value-123",
      MY_API_KEY: "key-4567",
      PLAIN: "visible-value",
    },
  });
  it("scrubs secret values anywhere in free text", () => {
    expect(redact.text("psql password=hunter2-db failed; token jwt-value-123")).toBe(
      `psql password=${REDACTED} failed; token ${REDACTED}`,
    );
  });
  it("scrubs values of secret-named keys and nested strings, keeps the rest", () => {
    const out = redact.value({
      env: { DB_PASSWORD: "other", PLAIN: "visible-value" },
      log: ["key-4567 used"],
      at: new Date(0),
      n: 3,
    });
    expect(out).toEqual({
      env: { DB_PASSWORD: REDACTED, PLAIN: "visible-value" },
      log: [`${REDACTED} used`],
      at: new Date(0),
      n: 3,
    });
  });
  it("knows secret names", () => {
    expect(isSecretName("MINIO_ROOT_PASSWORD")).toBe(true);
    expect(isSecretName("GRAFANA_PASSWORD")).toBe(true);
    expect(isSecretName("WORKER_THREADS")).toBe(false);
  });
});

describe("private keys", () => {
  it("hides a PEM private key block in free text, whatever the secrets", () => {
    const key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\ndef\n-----END RSA PRIVATE KEY-----";
    const text = createRedactor({ env: {} }).text(`failed with ${key} trailing`);
    expect(text).toBe(`failed with ${REDACTED} trailing`);
    expect(redactPrivateKeys("cut -----BEGIN PRIVATE KEY-----\nMIIE")).toBe(`cut ${REDACTED}`);
  });
});
