// Top-level volumes and networks that reach past the project: a volume driver or its options (a
// `local` volume with `type: none, o: bind, device: /` bind-mounts the host's root), and volumes or
// networks named by their Docker name (external, or `name:`), which may be another project's. Each is
// located in the file for the deploy policy (policy.ts); lib/docker/engine-gate.ts judges the same
// keys again on the Engine request.
import { sourceOf } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import type { HostReachingOption, NamedVolume, Network } from "./types";
import { formatPath, lineOfPath } from "./yaml-source";
import type { PathSegment } from "./yaml-source";

/** Host-reaching options of the top-level volumes and networks (the host network drivers aside). */
export const resourceReaching = ({
  ctx,
  volumes,
  networks,
}: {
  ctx: NormalizeContext;
  volumes: NamedVolume[];
  networks: Network[];
}): HostReachingOption[] => {
  const out: HostReachingOption[] = [];
  const add = (service: string, key: string, path: PathSegment[], value: string) =>
    out.push({
      service,
      key,
      value,
      path: formatPath(path),
      line: lineOfPath({ source: sourceOf({ ctx, path }), path }),
    });
  for (const volume of volumes) {
    const at = ["volumes", volume.name];
    if (volume.driver !== "local") add(volume.name, "volumes.driver", [...at, "driver"], volume.driver);
    for (const [option, value] of Object.entries(volume.driverOpts ?? {}))
      add(volume.name, "volumes.driver_opts", [...at, "driver_opts", option], `${option}=${value}`);
    if (volume.external || volume.dockerName !== `${ctx.project}_${volume.name}`)
      add(volume.name, "volumes.name", [...at, volume.external ? "external" : "name"], volume.dockerName);
  }
  for (const network of networks) {
    const at = ["networks", network.name];
    for (const [option, value] of Object.entries(network.driverOpts))
      add(network.name, "networks.driver_opts", [...at, "driver_opts", option], `${option}=${value}`);
    // Docker's own "host" network is judged as such (parse-topology.ts).
    if (network.dockerName === "host") continue;
    if (network.external || network.dockerName !== `${ctx.project}_${network.name}`)
      add(network.name, "networks.name", [...at, network.external ? "external" : "name"], network.dockerName);
  }
  return out;
};
