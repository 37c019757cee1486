/**
 * PostgreSQL's `percentile_cont`: the value at fraction `p` of the sorted values, linearly
 * interpolated between the two nearest ones, so both stores give the same figure.
 *
 * @example
 * percentileCont([10, 20, 30, 40], 0.5); // 25
 */
export function percentileCont(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  return low + ((sorted[upper] as number) - low) * (position - lower);
}
