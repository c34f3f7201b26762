// `gpus` and `deploy.resources.reservations.devices` → Engine DeviceRequests, as docker compose
// builds them (gpus always adds the "gpu" capability). Each reaches host devices: the policy
// sees one located entry per request.
import { asRecord, scalarText } from "./normalize-context";
import type { DeviceRequest } from "./runtime-types";
import type { PathSegment } from "./yaml-source";

type Located = { key: string; path: PathSegment[]; what: string; count: number; request: DeviceRequest };

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(scalarText) : []);

const requestOf = (item: unknown, extraCapability: string | null): DeviceRequest => {
  const raw = asRecord(item) ?? {};
  const ids = strings(raw.device_ids);
  const countText = raw.count === undefined ? "" : scalarText(raw.count);
  // No count and no ids means every device, as Compose reads it.
  const count = countText === "all" || (countText === "" && ids.length === 0) ? -1 : Number(countText) || 0;
  const capabilities = strings(raw.capabilities);
  return {
    driver: typeof raw.driver === "string" ? raw.driver : "",
    count,
    deviceIds: ids,
    capabilities: [extraCapability ? [...capabilities, extraCapability] : capabilities],
    options: Object.fromEntries(
      Object.entries(asRecord(raw.options) ?? {}).map(([key, value]) => [key, scalarText(value)]),
    ),
  };
};

/** The device requests of one service, each with where it is written. */
export const deviceRequestsOf = ({
  raw,
  path,
}: {
  raw: Record<string, unknown>;
  path: PathSegment[];
}): Located[] => {
  const out: Located[] = [];
  const gpus = raw.gpus;
  if (gpus === "all")
    out.push({
      key: "gpus",
      path: [...path, "gpus"],
      what: "GPUs",
      count: -1,
      request: requestOf({ count: "all" }, "gpu"),
    });
  else if (Array.isArray(gpus))
    gpus.forEach((item, index) => {
      const request = requestOf(item, "gpu");
      out.push({ key: "gpus", path: [...path, "gpus", index], what: "GPUs", count: request.count, request });
    });
  const reservations = asRecord(asRecord(asRecord(raw.deploy)?.resources)?.reservations);
  const devices = reservations?.devices;
  if (Array.isArray(devices))
    devices.forEach((item, index) => {
      const request = requestOf(item, null);
      const what = `devices (${request.capabilities.flat().join(", ") || "any"})`;
      const at = [...path, "deploy", "resources", "reservations", "devices", index];
      out.push({ key: "gpus", path: at, what, count: request.count, request });
    });
  return out;
};
