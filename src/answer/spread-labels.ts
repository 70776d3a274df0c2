interface Cluster {
  first: number;
  count: number;
  /** Position of the cluster's first label. */
  at: number;
}

/**
 * Positions for labels along one axis, as close to where each wants to be as they can be while
 * every two neighbours stay `gap` apart and all stay within [min, max]. Order is kept (`desired`
 * must be sorted), so leader lines from the axis to the labels never cross. Labels that overlap
 * are gathered into clusters, each centred on the mean of what its members want.
 *
 * When the labels cannot all fit, they overflow past `max` rather than overlap.
 *
 * @example spreadLabels([100, 100, 100], 20, 0, 400) // [80, 100, 120]
 */
export function spreadLabels(
  desired: readonly number[],
  gap: number,
  min: number,
  max: number,
): number[] {
  const clusters: Cluster[] = [];
  // the best start for a cluster: the mean of its members' wishes, shifted to its first label
  const place = (c: Cluster): number => {
    let sum = 0;
    for (let k = 0; k < c.count; k++) sum += (desired[c.first + k] ?? 0) - k * gap;
    const ideal = sum / c.count;
    return Math.max(min, Math.min(ideal, max - (c.count - 1) * gap));
  };
  for (let i = 0; i < desired.length; i++) {
    let c: Cluster = { first: i, count: 1, at: 0 };
    c.at = place(c);
    for (let prev = clusters.at(-1); prev && prev.at + prev.count * gap > c.at; ) {
      clusters.pop();
      c = { first: prev.first, count: prev.count + c.count, at: 0 };
      c.at = place(c);
      prev = clusters.at(-1);
    }
    clusters.push(c);
  }
  const out: number[] = [];
  for (const c of clusters) for (let k = 0; k < c.count; k++) out.push(c.at + k * gap);
  return out;
}
