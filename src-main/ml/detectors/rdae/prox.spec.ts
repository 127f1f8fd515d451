import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../shared/random';
import { proxL1, proxL21Columns, proxL21Rows } from './prox';

function expectValues(actual: Float32Array, expected: number[]) {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 6));
}

describe('proxL1', () => {
  it('soft-thresholds each entry', () => {
    expectValues(proxL1(Float32Array.from([-3, 0.5, 2]), 1), [-2, 0, 1]);
    expectValues(proxL1(Float32Array.from([1, -1, 0]), 1), [0, 0, 0]);
  });

  it('with lambda 0 is the identity, and rejects a negative lambda', () => {
    expectValues(proxL1(Float32Array.from([-3, 0.5]), 0), [-3, 0.5]);
    expect(() => proxL1(new Float32Array(1), -1)).toThrow(RangeError);
  });
});

describe('proxL21Rows', () => {
  it('scales each row by max(0, 1 - lambda / ||row||)', () => {
    // row 0: norm 5, scale 0.5; row 1: norm 0.5 < 2.5 -> 0; row 2: zero stays zero
    const S = Float32Array.from([3, 4, 0.3, 0.4, 0, 0]);
    expectValues(proxL21Rows(S, 3, 2, 2.5), [1.5, 2, 0, 0, 0, 0]);
    expectValues(S, [3, 4, 0.3, 0.4, 0, 0]);
  });

  it('rejects a shape that does not match the values', () => {
    expect(() => proxL21Rows(new Float32Array(5), 3, 2, 1)).toThrow(/3 x 2/);
  });
});

describe('proxL21Columns', () => {
  it('scales each column by max(0, 1 - lambda / ||column||)', () => {
    // column 0: [3, 4] norm 5 -> [1.5, 2]; column 1: [0.1, 0.1] norm 0.14 -> 0; column 2 zero
    const S = Float32Array.from([3, 0.1, 0, 4, 0.1, 0]);
    expectValues(proxL21Columns(S, 2, 3, 2.5), [1.5, 0, 0, 2, 0, 0]);
  });
});

/** 0.5 * ||X - S||^2 + lambda * penalty(X), computed in double precision. */
function objective(X: ArrayLike<number>, S: Float32Array, lambda: number, penalty: (X: ArrayLike<number>) => number) {
  let squares = 0;
  for (let i = 0; i < S.length; i++) squares += (X[i]! - S[i]!) ** 2;
  return 0.5 * squares + lambda * penalty(X);
}

function groupNorms(n: number, d: number, byRow: boolean) {
  return (X: ArrayLike<number>) => {
    let total = 0;
    for (let g = 0; g < (byRow ? n : d); g++) {
      let squares = 0;
      for (let k = 0; k < (byRow ? d : n); k++) squares += X[byRow ? g * d + k : k * d + g]! ** 2;
      total += Math.sqrt(squares);
    }
    return total;
  };
}

const l1 = (X: ArrayLike<number>) => Array.from(X).reduce((sum, v) => sum + Math.abs(v), 0);

describe('prox results minimise their objective', () => {
  const n = 6;
  const d = 4;
  const lambda = 1.5;
  const cases = [
    { name: 'proxL21Rows', prox: (S: Float32Array) => proxL21Rows(S, n, d, lambda), penalty: groupNorms(n, d, true) },
    { name: 'proxL21Columns', prox: (S: Float32Array) => proxL21Columns(S, n, d, lambda), penalty: groupNorms(n, d, false) },
    { name: 'proxL1', prox: (S: Float32Array) => proxL1(S, lambda), penalty: l1 },
  ];

  for (const { name, prox, penalty } of cases) {
    it(`${name} beats random perturbations, zero and S itself`, () => {
      const uniform = mulberry32(7);
      // Rows of mixed size so some groups are shrunk to zero and some are kept.
      const S = Float32Array.from({ length: n * d }, (_, i) => (uniform() - 0.5) * (Math.floor(i / d) % 2 ? 1 : 6));
      const X = prox(S);
      const best = objective(X, S, lambda, penalty);
      expect(best).toBeLessThanOrEqual(objective(new Float32Array(n * d), S, lambda, penalty) + 1e-6);
      expect(best).toBeLessThanOrEqual(objective(S, S, lambda, penalty) + 1e-6);
      for (let trial = 0; trial < 200; trial++) {
        const size = trial < 100 ? 1e-2 : 0.5;
        const Y = Array.from(X, (v) => v + (uniform() - 0.5) * size);
        expect(best).toBeLessThanOrEqual(objective(Y, S, lambda, penalty) + 1e-6);
      }
    });
  }
});
