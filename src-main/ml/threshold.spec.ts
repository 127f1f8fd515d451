import { describe, it, expect } from 'vitest';
import { percentile, populationStd, thresholdValue } from './threshold';

describe('thresholdValue', () => {
  it('mean + k * population std (by hand)', () => {
    // [1..5]: mean 3, population variance (4+1+0+1+4)/5 = 2
    expect(populationStd([1, 2, 3, 4, 5])).toBeCloseTo(Math.SQRT2, 12);
    expect(thresholdValue({ kind: 'mean-k-sigma', k: 3 }, [5, 1, 4, 2, 3])).toBeCloseTo(3 + 3 * Math.SQRT2, 12);
    expect(thresholdValue({ kind: 'mean-k-sigma', k: 0 }, Float32Array.from([2, 4]))).toBe(3);
  });

  it('percentile interpolates linearly like numpy.percentile', () => {
    const oneTo21 = Array.from({ length: 21 }, (_, i) => 21 - i); // unsorted on purpose
    // rank 0.95 * 20 = 19 exactly -> the 20th smallest value
    expect(thresholdValue({ kind: 'percentile', p: 95 }, oneTo21)).toBe(20);
    // [1,2,3,4], p 90: rank 2.7 -> 3 + 0.7 * (4 - 3)
    expect(percentile([4, 1, 3, 2], 90)).toBeCloseTo(3.7, 12);
    expect(percentile([4, 1, 3, 2], 0)).toBe(1);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([7], 99)).toBe(7);
  });

  it('manual returns the value, even without training scores', () => {
    expect(thresholdValue({ kind: 'manual', value: 0.42 }, [])).toBe(0.42);
  });

  it('refuses a data-driven rule without training scores', () => {
    expect(() => thresholdValue({ kind: 'percentile', p: 99 }, [])).toThrow();
    expect(() => thresholdValue({ kind: 'mean-k-sigma', k: 3 }, [])).toThrow();
  });
});
