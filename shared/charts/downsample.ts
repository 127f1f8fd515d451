/**
 * Reduces a long series to about `target` points by keeping, in each bucket of consecutive rows,
 * the row with the largest value. Max (not mean) so a one-row spike, often the anomaly the user is
 * looking for, is never averaged away.
 */
export function downsampleMax(values: ArrayLike<number>, target = 2000): Array<[number, number]> {
  const n = values.length;
  if (n <= target) {
    const out: Array<[number, number]> = new Array(n);
    for (let i = 0; i < n; i++) out[i] = [i, values[i]];
    return out;
  }
  const bucketSize = Math.ceil(n / target);
  const out: Array<[number, number]> = [];
  for (let start = 0; start < n; start += bucketSize) {
    const end = Math.min(n, start + bucketSize);
    let bestRow = start;
    let best = values[start];
    for (let i = start + 1; i < end; i++) {
      // NaN never wins, so a gap does not hide a real value in the same bucket
      if (values[i] > best || Number.isNaN(best)) {
        best = values[i];
        bestRow = i;
      }
    }
    out.push([bestRow, best]);
  }
  return out;
}

/** Maximal runs of rows where `flags[i]` is truthy, as inclusive [start, end] pairs. */
export function runsOf(flags: ArrayLike<number>): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i]) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      runs.push([start, i - 1]);
      start = -1;
    }
  }
  if (start >= 0) runs.push([start, flags.length - 1]);
  return runs;
}
