// A service's mounts with their flags as Engine fields: Binds ("src:dst:ro,z,rshared,nocopy")
// where the flags fit, Mounts where only the long form can say it (a bind that must already
// exist, an anonymous volume with flags), Tmpfs with its size and mode. Pure.
import type Docker from "dockerode";
import type { VolumeMount } from "@/lib/compose/types";

export type MountConfig = {
  binds: string[];
  mounts: Docker.MountSettings[];
  anonymous: Record<string, object>;
  tmpfs: Record<string, string>;
};

const bindFlags = (mount: VolumeMount): string => {
  const options = mount.options ?? {};
  const flags = [
    ...(mount.readOnly ? ["ro"] : []),
    ...(options.selinux ? [options.selinux] : []),
    ...(mount.type === "bind" && options.propagation ? [options.propagation] : []),
    ...(mount.type === "volume" && options.noCopy ? ["nocopy"] : []),
  ];
  return flags.length > 0 ? `:${flags.join(",")}` : "";
};

const tmpfsFlags = (mount: VolumeMount): string => {
  const options = mount.options ?? {};
  return [
    ...(mount.readOnly ? ["ro"] : []),
    ...(options.tmpfsSizeBytes !== undefined ? [`size=${options.tmpfsSizeBytes}`] : []),
    ...(options.tmpfsMode !== undefined ? [`mode=${options.tmpfsMode.toString(8)}`] : []),
  ].join(",");
};

/** Splits the mounts into the Engine's fields; `volumeName` maps a file's volume key to its Docker name. */
export const mountConfig = ({
  volumes,
  volumeName,
}: {
  volumes: VolumeMount[];
  volumeName: (name: string) => string;
}): MountConfig => {
  const out: MountConfig = { binds: [], mounts: [], anonymous: {}, tmpfs: {} };
  for (const mount of volumes) {
    const options = mount.options ?? {};
    if (mount.type === "tmpfs") out.tmpfs[mount.target] = tmpfsFlags(mount);
    else if (mount.type === "bind" && options.createHostPath === false)
      // Binds create a missing host path; a Mounts bind refuses it, as the file asks.
      out.mounts.push({
        Type: "bind",
        Source: mount.source,
        Target: mount.target,
        ReadOnly: mount.readOnly,
        ...(options.propagation
          ? { BindOptions: { Propagation: options.propagation as Docker.MountPropagation } }
          : {}),
      });
    else if (mount.type === "bind") out.binds.push(`${mount.source}:${mount.target}${bindFlags(mount)}`);
    else if (mount.source !== null)
      out.binds.push(`${volumeName(mount.source)}:${mount.target}${bindFlags(mount)}`);
    else if (mount.readOnly || options.noCopy)
      out.mounts.push({
        Type: "volume",
        Source: "",
        Target: mount.target,
        ReadOnly: mount.readOnly,
        ...(options.noCopy
          ? { VolumeOptions: { NoCopy: true, Labels: {}, DriverConfig: { Name: "local", Options: {} } } }
          : {}),
      });
    else out.anonymous[mount.target] = {};
  }
  return out;
};
