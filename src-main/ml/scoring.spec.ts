import { describe, expect, it } from 'vitest';
import { finishScores, normalisedRowScores, smoothScores, smoothingSpan, typicalErrorFloor } from './scoring';

describe('typical error floor', () => {
  it('raises every typical error below the median to the median', () => {
    expect(Array.from(typicalErrorFloor([4, 1e-9, 2, 8]))).toEqual([4, 3, 3, 8]);
    expect(Array.from(typicalErrorFloor([5, 1, 3]))).toEqual([5, 3, 3]);
  });
});

describe('normalised row scores', () => {
  it('averages each error in units of its floored typical error', () => {
    // typical errors 1, 4, 0 -> median 1 -> divisors 1, 4, 1
    const errors = { data: Float32Array.from([2, 8, 0.5, 0, 4, 3]), n: 2, d: 3 };
    const scores = normalisedRowScores(errors, [1, 4, 0]);
    expect(scores[0]).toBeCloseTo((2 + 2 + 0.5) / 3, 6);
    expect(scores[1]).toBeCloseTo((0 + 1 + 3) / 3, 6);
  });

  it('lets a signal that barely moved in training speak no louder than a median one', () => {
    const errors = { data: Float32Array.from([0, 0, 1]), n: 1, d: 3 };
    expect(normalisedRowScores(errors, [1, 1, 1e-12])[0]).toBeCloseTo(1 / 3, 6);
  });
});

describe('smoothing', () => {
  it('spans the rows before a row when trailing and around it when centred, cut at the ends', () => {
    expect(smoothingSpan(5, 10, 3, 'trailing')).toEqual([3, 6]);
    expect(smoothingSpan(1, 10, 3, 'trailing')).toEqual([0, 2]);
    expect(smoothingSpan(5, 10, 3, 'centred')).toEqual([4, 7]);
    // an even count takes the extra row after the row
    expect(smoothingSpan(5, 10, 4, 'centred')).toEqual([4, 8]);
    expect(smoothingSpan(9, 10, 4, 'centred')).toEqual([8, 10]);
  });

  it('is the moving average over the span', () => {
    const scores = [0, 0, 6, 0, 0, 3];
    expect(Array.from(smoothScores(scores, 3, 'centred'))).toEqual([0, 2, 2, 2, 1, 1.5]);
    expect(Array.from(smoothScores(scores, 2, 'trailing'))).toEqual([0, 0, 3, 3, 0, 1.5]);
    expect(Array.from(smoothScores(scores, 1, 'centred'))).toEqual(scores);
  });

  it('matches a direct average on a long random series', () => {
    const scores = Float32Array.from({ length: 5000 }, (_, i) => Math.abs(Math.sin(i * 12.9898) * 43758.5453) % 1);
    const smoothed = smoothScores(scores, 61, 'centred');
    for (const row of [0, 17, 2500, 4990, 4999]) {
      const [from, to] = smoothingSpan(row, scores.length, 61, 'centred');
      let total = 0;
      for (let r = from; r < to; r++) total += scores[r]!;
      expect(smoothed[row]).toBeCloseTo(total / (to - from), 5);
    }
  });
});

describe('finished scores', () => {
  const errors = { data: Float32Array.from([2, 2, 6, 6, 10, 10]), n: 3, d: 2 };
  const modelScores = Float32Array.from([1.5, 4.5, 7.5]);

  it('normalises then smooths when the config asks and the model gives errors per signal', () => {
    const scores = finishScores(modelScores, errors, [2, 2], { normalise: 'typical-error', smoothingRows: 2, smoothingAlign: 'trailing' });
    // per row: (2/2 + 2/2) / 2 = 1, then 3 and 5; then trailing pairs
    expect(Array.from(scores)).toEqual([1, 2, 4]);
  });

  it('keeps the model score where there is nothing to normalise by', () => {
    const scoring = { normalise: 'typical-error', smoothingRows: 1, smoothingAlign: 'centred' } as const;
    expect(Array.from(finishScores(modelScores, null, null, scoring))).toEqual([1.5, 4.5, 7.5]);
    expect(Array.from(finishScores(modelScores, errors, [2, 2], { ...scoring, normalise: 'none' }))).toEqual([1.5, 4.5, 7.5]);
  });
});
