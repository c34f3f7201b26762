// Units shown to people: every number says what it counts.
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** Bytes as GiB (or MiB below 1 GiB), trimmed: "6 GiB", "512 MiB", "22.75 GiB". */
export const formatBytes = (bytes: number | null): string => {
  if (bytes === null) return "—";
  const [value, unit] = bytes >= GIB ? [bytes / GIB, "GiB"] : [bytes / MIB, "MiB"];
  return `${Number(value.toFixed(2))} ${unit}`;
};

/** A CPU count: "3 CPU", "0.25 CPU". */
export const formatCpus = (cpus: number | null): string =>
  cpus === null ? "—" : `${Number(cpus.toFixed(3))} CPU`;

/** Milliseconds as seconds with one decimal: "20.0 s". */
export const formatMs = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? "—" : `${(ms / 1000).toFixed(1)} s`;
