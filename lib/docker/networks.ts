// Project networks: created with the topology's subnets, driver and options, or reused.
import type { Network } from "@/lib/compose/types";
import { AppError } from "@/lib/errors";
import { getDocker } from "./client";
import type { EngineGate } from "./engine-gate";
import { isNotFound } from "./docker-error";
import { COMPOSE_VERSION_LABEL, LABEL } from "./labels";

export type EnsureNetworkOptions = { network: Network; project: string; runId: string; gate: EngineGate };

export type EnsuredNetwork = { id: string; dockerName: string; created: boolean };

/** Creates a project network, or reuses the one of the same project (or an external one). */
export const ensureNetwork = async ({
  network,
  project,
  runId,
  gate,
}: EnsureNetworkOptions): Promise<EnsuredNetwork> => {
  const docker = getDocker();
  try {
    const existing = await docker.getNetwork(network.dockerName).inspect();
    const owner = (existing.Labels as Record<string, string> | null)?.[LABEL.project];
    if (!network.external && owner !== undefined && owner !== project) {
      throw new AppError(
        "conflict",
        `Network ${network.dockerName} belongs to project "${owner}": tear that project down first, or rename the network in the topology.`,
      );
    }
    // Another project's network (or one made outside the panel) only when external and approved.
    gate.useNetwork({
      name: network.dockerName,
      labels: (existing.Labels as Record<string, string> | null) ?? null,
    });
    return { id: existing.Id as string, dockerName: network.dockerName, created: false };
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (network.external) {
    throw new AppError(
      "not_found",
      `External network ${network.dockerName} does not exist: create it (docker network create ${network.dockerName}) or drop "external" from the topology.`,
    );
  }
  const created = await gate.createNetwork({
    Name: network.dockerName,
    Driver: network.driver,
    Internal: network.internal,
    CheckDuplicate: true,
    Options: network.driverOpts,
    ...(network.enableIpv6 !== undefined ? { EnableIPv6: network.enableIpv6 } : {}),
    ...(network.attachable !== undefined ? { Attachable: network.attachable } : {}),
    ...(network.subnets.length > 0 || network.ipamDriver || network.ipamOptions
      ? {
          IPAM: {
            Driver: network.ipamDriver ?? "default",
            ...(network.ipamOptions ? { Options: network.ipamOptions } : {}),
            Config: network.subnets.map((subnet) => ({
              Subnet: subnet.subnet,
              ...(subnet.gateway ? { Gateway: subnet.gateway } : {}),
              ...(subnet.ipRange ? { IPRange: subnet.ipRange } : {}),
              ...(subnet.auxAddresses ? { AuxiliaryAddresses: subnet.auxAddresses } : {}),
            })),
          },
        }
      : {}),
    Labels: {
      ...network.labels,
      [LABEL.project]: project,
      [LABEL.network]: network.name,
      [LABEL.version]: COMPOSE_VERSION_LABEL,
      [LABEL.runId]: runId,
      [LABEL.managed]: "true",
    },
  });
  return { id: created.id, dockerName: network.dockerName, created: true };
};

/** Removes a network; a missing one counts as removed. */
export const removeNetwork = async ({ id }: { id: string }): Promise<void> => {
  try {
    await getDocker().getNetwork(id).remove();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
};
