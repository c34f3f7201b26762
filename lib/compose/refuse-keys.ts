// Refuses, before anything is created, every key the panel does not apply (service-keys.ts marks
// it "refused") and every value of a panel-handled key it cannot honour (scale unlike
// deploy.replicas, an unknown pull_policy, Swarm-only deploy keys, …). Each refusal names the key,
// the service and the line.
import { asRecord, report, scalarText } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import { APPLIED_BUILD_KEYS } from "./build-options";
import { PULL_POLICY_HINT, pullPolicyOf } from "./pull-policy";
import { refuseGrantOptions } from "./refuse-grant-options";
import { NETWORK_KEYS, SERVICE_KEYS, TOP_LEVEL_KEYS, VOLUME_KEYS } from "./service-keys";
import type { KeyEntry } from "./service-keys";
import type { PathSegment } from "./yaml-source";

/**
 * deploy keys the panel honours: on one host (resources, restart_policy, replicas) or on a Swarm
 * target (placement: a single-engine deploy refuses it, lib/operations/swarm-keys.ts).
 */
const DEPLOY_KEYS = new Set(["resources", "restart_policy", "replicas", "mode", "placement"]);
const LIMIT_KEYS = new Set(["cpus", "memory", "pids"]);
/** Per-network endpoint keys Engine API 1.41 has no field for (mac_address 1.44, gw_priority 1.48, interface_name 1.49). */
const ENDPOINT_TOO_NEW = new Set(["mac_address", "gw_priority", "interface_name"]);
const RESERVATION_KEYS = new Set(["cpus", "memory", "devices"]);

const refuseListed = (
  ctx: NormalizeContext,
  table: Record<string, KeyEntry>,
  value: unknown,
  path: PathSegment[],
): void => {
  for (const key of Object.keys(asRecord(value) ?? {})) {
    const entry = table[key];
    if (entry?.status === "refused")
      report({
        ctx,
        code: "unsupported_key",
        path: [...path, key],
        message: `${key} is not supported: ${entry.note}`,
      });
  }
};

const refuseService = (ctx: NormalizeContext, name: string, raw: Record<string, unknown>): void => {
  const path = ["services", name];
  const refuse = (at: PathSegment[], message: string) =>
    report({ ctx, code: "unsupported_key", path: [...path, ...at], message });
  refuseListed(ctx, SERVICE_KEYS, raw, path);
  const deploy = asRecord(raw.deploy) ?? {};
  if (
    raw.scale !== undefined &&
    deploy.replicas !== undefined &&
    scalarText(raw.scale) !== scalarText(deploy.replicas)
  )
    refuse(
      ["scale"],
      `scale ${scalarText(raw.scale)} and deploy.replicas ${scalarText(deploy.replicas)} differ: keep one of them`,
    );
  const pull = raw.pull_policy === undefined ? null : scalarText(raw.pull_policy);
  if (pull !== null && pullPolicyOf({ value: pull }) === null)
    refuse(["pull_policy"], `pull_policy ${pull}: ${PULL_POLICY_HINT}`);
  for (const key of Object.keys(deploy))
    if (!DEPLOY_KEYS.has(key)) refuse(["deploy", key], `deploy.${key} is Swarm-only: remove it`);
  if (deploy.mode !== undefined && deploy.mode !== "replicated")
    refuse(["deploy", "mode"], `deploy.mode ${scalarText(deploy.mode)} is Swarm-only: remove it`);
  const resources = asRecord(deploy.resources) ?? {};
  for (const key of Object.keys(asRecord(resources.limits) ?? {}))
    if (!LIMIT_KEYS.has(key))
      refuse(["deploy", "resources", "limits", key], `limits.${key} has no container equivalent`);
  for (const key of Object.keys(asRecord(resources.reservations) ?? {}))
    if (!RESERVATION_KEYS.has(key))
      refuse(["deploy", "resources", "reservations", key], `reservations.${key} is Swarm-only: remove it`);
  for (const key of Object.keys(asRecord(raw.build) ?? {}))
    if (!APPLIED_BUILD_KEYS.has(key) && !key.startsWith("x-"))
      refuse(
        ["build", key],
        `build.${key} is not applied by the panel's builder (Engine API 1.41, no BuildKit): remove it`,
      );
  (Array.isArray(raw.devices) ? raw.devices : []).forEach((item, index) => {
    const source = scalarText(asRecord(item)?.source ?? item).split(":")[0] ?? "";
    if (!source.startsWith("/"))
      refuse(
        ["devices", index],
        `device "${source}" is a CDI name: CDI devices need Engine API 1.45 (the panel speaks 1.41)`,
      );
  });
  if (asRecord(raw.healthcheck)?.start_interval !== undefined)
    refuse(
      ["healthcheck", "start_interval"],
      "start_interval needs Engine API 1.44 (the panel speaks 1.41): remove it",
    );
  for (const [network, options] of Object.entries(asRecord(raw.networks) ?? {}))
    for (const key of Object.keys(asRecord(options) ?? {}))
      if (ENDPOINT_TOO_NEW.has(key))
        refuse(
          ["networks", network, key],
          `${key} on a network needs a newer Engine API than 1.41: remove it`,
        );
  const restartPolicy = asRecord(deploy.restart_policy) ?? {};
  for (const key of Object.keys(restartPolicy))
    if (key !== "condition" && key !== "max_attempts")
      refuse(
        ["deploy", "restart_policy", key],
        `restart_policy.${key} is Swarm-only: use condition and max_attempts`,
      );
};

/** Reports every refused key and value of an interpolated, schema-valid document. */
export const refuseUnsupported = ({
  ctx,
  document,
}: {
  ctx: NormalizeContext;
  document: Record<string, unknown>;
}): void => {
  refuseListed(ctx, TOP_LEVEL_KEYS, document, []);
  for (const [name, raw] of Object.entries(asRecord(document.services) ?? {})) {
    refuseService(ctx, name, asRecord(raw) ?? {});
    refuseGrantOptions({ ctx, document, service: name, raw: asRecord(raw) ?? {} });
  }
  for (const [name, raw] of Object.entries(asRecord(document.networks) ?? {})) {
    refuseListed(ctx, NETWORK_KEYS, raw, ["networks", name]);
    const network = asRecord(raw) ?? {};
    if (network.enable_ipv4 !== undefined && scalarText(network.enable_ipv4) !== "true")
      report({
        ctx,
        code: "unsupported_key",
        path: ["networks", name, "enable_ipv4"],
        message: "IPv6-only networks need Engine API 1.47 (the panel speaks 1.41)",
      });
  }
  for (const [name, raw] of Object.entries(asRecord(document.volumes) ?? {}))
    refuseListed(ctx, VOLUME_KEYS, raw, ["volumes", name]);
};
