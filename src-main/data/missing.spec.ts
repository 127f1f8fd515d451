import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { applyMissingPolicy } from './missing';

const N = Number.NaN;
const signals = ['a', 'b'];
/** 4 rows x 2 columns with gaps: a leading gap in a, a middle gap in b */
const gappy = () => Float32Array.from([N, 10, 2, N, 3, 30, 4, 40]);

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('missing-value policies', () => {
  it('returns the input itself when nothing is missing, for every policy', () => {
    const X = Float32Array.from([1, 2, 3, 4]);
    for (const policy of ['forward-fill', 'drop-rows', 'mean-fill', 'fail'] as const) {
      const out = applyMissingPolicy(X, 2, 2, signals, policy, [0, 1], 'f.csv');
      expect(out.X).toBe(X);
      expect(out).toMatchObject({ n: 2, d: 2, rowIds: null, filledCells: 0, affectedRows: 0 });
    }
  });

  it('forward fill: a gap takes the value above; a leading gap takes the first value of the column', () => {
    const X = gappy();
    const out = applyMissingPolicy(X, 4, 2, signals, 'forward-fill', null, 'f.csv');
    expect(Array.from(out.X)).toEqual([2, 10, 2, 10, 3, 30, 4, 40]);
    expect(out).toMatchObject({ n: 4, rowIds: null, filledCells: 2, affectedRows: 2 });
    expect(Number.isNaN(X[0])).toBe(true);
  });

  it('drop rows: keeps complete rows and names their source rows', () => {
    const X = gappy();
    const out = applyMissingPolicy(X, 4, 2, signals, 'drop-rows', null, 'f.csv');
    expect(Array.from(out.X)).toEqual([3, 30, 4, 40]);
    expect(Array.from(out.rowIds!)).toEqual([2, 3]);
    expect(out).toMatchObject({ n: 2, d: 2, filledCells: 0, affectedRows: 2 });
    expect(Array.from(X, (v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual(['NaN', 10, 2, 'NaN', 3, 30, 4, 40]);
  });

  it('mean fill: column means over the training rows only, ignoring missing cells', () => {
    const X = gappy();
    // training rows 0..2: a mean (2+3)/2 = 2.5, b mean (10+30)/2 = 20; row 3 is not used
    const out = applyMissingPolicy(X, 4, 2, signals, 'mean-fill', Uint32Array.from([0, 1, 2]), 'f.csv');
    expect(Array.from(out.X)).toEqual([2.5, 10, 2, 20, 3, 30, 4, 40]);
    expect(out).toMatchObject({ filledCells: 2, affectedRows: 2, rowIds: null });
    const all = applyMissingPolicy(X, 4, 2, signals, 'mean-fill', [0, 1, 2, 3], 'f.csv');
    expect(Array.from(all.X)).toEqual([3, 10, 2, 80 / 3, 3, 30, 4, 40].map(Math.fround));
  });

  it('mean fill: a column with no value in the training rows is named', () => {
    const error = errorOf(() => applyMissingPolicy(gappy(), 4, 2, signals, 'mean-fill', [0], 'f.csv'));
    expect(error.message).toContain('"a"');
    expect(error.message).toMatch(/forward fill/);
    expect(error.details).toEqual({ file: 'f.csv', column: 'a' });
  });

  it('fail: names file, 1-based data row and column of the first gap, and what to do', () => {
    const X = Float32Array.from([1, 10, 2, N, N, 30]);
    const error = errorOf(() => applyMissingPolicy(X, 3, 2, signals, 'fail', null, 'pump.csv'));
    expect(error.code).toBe('IMPORT_FAILED');
    expect(error.message).toBe('pump.csv: data row 2, column "b" is missing: expected a number; choose another missing-value policy.');
    expect(error.details).toEqual({ file: 'pump.csv', row: 2, column: 'b', expected: 'a number' });
  });

  it('an all-missing column is an error naming file and column under every policy', () => {
    const X = Float32Array.from([1, N, 2, N, 3, N]);
    for (const policy of ['forward-fill', 'drop-rows', 'mean-fill', 'fail'] as const) {
      const error = errorOf(() => applyMissingPolicy(X, 3, 2, signals, policy, [0, 1, 2], 'f.csv'));
      expect(error.message).toContain('f.csv');
      expect(error.message).toContain('column "b" has no values');
      expect(error.details).toEqual({ file: 'f.csv', column: 'b' });
    }
  });

  it('drop rows that would leave nothing says what to choose instead', () => {
    const X = Float32Array.from([N, 1, 2, N]);
    const error = errorOf(() => applyMissingPolicy(X, 2, 2, signals, 'drop-rows', null, 'f.csv'));
    expect(error.message).toMatch(/forward fill or mean fill/);
  });

  it('treats a matrix without rows as complete', () => {
    const X = new Float32Array(0);
    expect(applyMissingPolicy(X, 0, 2, signals, 'fail', null, 'f.csv').X).toBe(X);
  });
});
