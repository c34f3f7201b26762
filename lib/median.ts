// Pure arithmetic shared by the database queries (per-service medians) and the run comparisons;
// a kernel file so neither has to import the other.

/** The median (mean of the middle two for even counts); null for none. */
export const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
