// How the panel reaches a container's port: its published host port when bound to loopback (or to
// every address), else the container's own address on one of its networks. Never any other host.
import { inspectContainer } from "./containers";

const LOOPBACK = new Set(["127.0.0.1", "0.0.0.0", "::", "::1", ""]);

/** `http://host:port` for a container's TCP port, or null when the container is gone. */
export const containerEndpoint = async ({
  id,
  port,
}: {
  id: string;
  port: number;
}): Promise<string | null> => {
  const info = await inspectContainer({ id });
  if (!info) return null;
  const bindings = info.NetworkSettings.Ports?.[`${port}/tcp`] ?? [];
  const published = bindings.find((b) => LOOPBACK.has(b.HostIp) && b.HostPort);
  if (published) return `http://127.0.0.1:${published.HostPort}`;
  const address = Object.values(info.NetworkSettings.Networks ?? {})
    .map((network) => network.IPAddress)
    .find((ip) => ip !== "");
  return address ? `http://${address}:${port}` : null;
};
