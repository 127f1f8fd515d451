import type { ThresholdRule } from '../../shared/domain/results';

/*
 * Turns a threshold rule into a number from the training rows' scores.
 * A row is an alarm when its score is strictly above the value.
 */

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Population standard deviation (numpy's default ddof=0), two-pass for accuracy. */
export function populationStd(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i] - m) ** 2;
  return Math.sqrt(ss / xs.length);
}

/** p-th percentile (0..100) with linear interpolation between closest ranks, as numpy.percentile's default. */
export function percentile(xs: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(xs).sort();
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function thresholdValue(rule: ThresholdRule, trainScores: ArrayLike<number>): number {
  if (rule.kind === 'manual') return rule.value;
  if (trainScores.length === 0) throw new Error(`threshold rule '${rule.kind}' needs at least one training score`);
  switch (rule.kind) {
    case 'mean-k-sigma':
      return mean(trainScores) + rule.k * populationStd(trainScores);
    case 'percentile':
      return percentile(trainScores, rule.p);
  }
}
