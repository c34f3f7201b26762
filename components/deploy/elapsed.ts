/** ms as "12.3 s". */
export const seconds = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? "—" : `${(ms / 1000).toFixed(1)} s`;
