// Number formats as `docker stats` prints them: memory in binary units (MiB), network and block
// I/O in decimal units (kB, MB), CPU with two decimals.

const BINARY = ["B", "KiB", "MiB", "GiB", "TiB"] as const;
const DECIMAL = ["B", "kB", "MB", "GB", "TB"] as const;

const scaled = (value: number, base: number, units: readonly string[]): string => {
  let index = 0;
  let v = value;
  while (Math.abs(v) >= base && index < units.length - 1) {
    v /= base;
    index += 1;
  }
  const digits = index === 0 ? 0 : v < 10 ? 2 : v < 100 ? 1 : 0;
  return `${v.toFixed(digits)}${units[index]}`;
};

/** Memory like the docker CLI: 1.22MiB, 64MiB, 1.5GiB. */
export const formatMemory = (bytes: number): string => scaled(bytes, 1024, BINARY);

/** Network / block I/O like the docker CLI: 876B, 4.21MB. */
export const formatIo = (bytes: number): string => scaled(bytes, 1000, DECIMAL);

/** A rate in bytes per second: 2.21kB/s. */
export const formatRate = (bytesPerSecond: number): string => `${formatIo(bytesPerSecond)}/s`;

export const formatPercent = (percent: number): string => `${percent.toFixed(2)}%`;

/** The binary unit that keeps the largest value of an axis readable, for its ticks and its label. */
export const memoryAxisUnit = (maxBytes: number): { unit: string; divisor: number } => {
  let index = 0;
  while (maxBytes >= 1024 ** (index + 1) && index < BINARY.length - 1) index += 1;
  return { unit: BINARY[index]!, divisor: 1024 ** index };
};

/** The decimal unit for a rate axis (bytes per second). */
export const rateAxisUnit = (maxBytesPerSecond: number): { unit: string; divisor: number } => {
  let index = 0;
  while (maxBytesPerSecond >= 1000 ** (index + 1) && index < DECIMAL.length - 1) index += 1;
  return { unit: `${DECIMAL[index]!}/s`, divisor: 1000 ** index };
};

/** Wall-clock time of a point, HH:MM:SS in the browser's time zone. */
export const formatClock = (t: number): string =>
  new Date(t).toLocaleTimeString([], {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  });

/** Round ticks in an axis unit (1, 2 or 5 × 10ⁿ steps), returned in raw units for recharts. */
export const unitTicks = (maxRaw: number, divisor: number, count = 4): number[] => {
  const max = maxRaw / divisor;
  if (!(max > 0)) return [0];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks.map((v) => v * divisor);
};
