/**
 * Compose's units: Go-style durations ("1m30s", "1.5s", "300ms", "2h") and binary memory sizes
 * ("512M", "6G", "1g", "1024k", "1.5G" or a plain byte count), as docker/go-units parses them.
 */

const DURATION_UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Parses a Go duration ("1m30s", "300ms") into milliseconds; null when it is not one. */
export const parseDurationMs = ({ value }: { value: string | number }): number | null => {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value / 1e6 : null;
  const text = value.trim();
  if (text === "0") return 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let index = 0;
  while (index < text.length) {
    part.lastIndex = index;
    const match = part.exec(text);
    if (!match || match[1] === undefined || match[2] === undefined) return null;
    total += Number(match[1]) * (DURATION_UNIT_MS[match[2]] ?? Number.NaN);
    index = part.lastIndex;
  }
  return text.length > 0 && Number.isFinite(total) ? Math.round(total * 1e6) / 1e6 : null;
};

const MEMORY_UNIT: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/** Parses a memory size into bytes with binary units, like Compose; null when it is not one. */
export const parseMemoryBytes = ({ value }: { value: string | number }): number | null => {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : null;
  const match = /^(\d+(?:\.\d+)?) ?([kKmMgGtTpP]?)[iI]?[bB]?$/.exec(value.trim());
  if (!match || match[1] === undefined) return null;
  const unit = MEMORY_UNIT[(match[2] ?? "").toLowerCase()];
  return unit === undefined ? null : Math.floor(Number(match[1]) * unit);
};

/** Parses a CPU count ("0.5", 2) into a decimal number of cores; null when it is not one. */
export const parseCpus = ({ value }: { value: string | number }): number | null => {
  const cpus =
    typeof value === "number" ? value : /^\d+(\.\d+)?$|^\.\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isFinite(cpus) && cpus >= 0 ? cpus : null;
};
