import { describe, expect, it } from "vitest";
import { dockerOptions } from "./client";

describe("dockerOptions", () => {
  it("uses the default socket without DOCKER_HOST", () => {
    expect(dockerOptions(undefined)).toEqual({ socketPath: "/var/run/docker.sock" });
  });
  it("takes a unix socket path from DOCKER_HOST", () => {
    expect(dockerOptions("unix:///run/user/1000/docker.sock")).toEqual({
      socketPath: "/run/user/1000/docker.sock",
    });
  });
  it("takes host and port from a tcp DOCKER_HOST, 2375 by default", () => {
    expect(dockerOptions("tcp://10.0.0.5:2376")).toEqual({ host: "10.0.0.5", port: 2376, protocol: "http" });
    expect(dockerOptions("tcp://docker-host")).toEqual({ host: "docker-host", port: 2375, protocol: "http" });
  });
});
