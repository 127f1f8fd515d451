import { describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../matrix';
import { applyL2Rows, applyLog1p, applyScalerState, fitScalerOf, type FittedScaler } from './scalers';
import { applyScaler, fitScaler } from './standard-scaler';

function rows(values: number[][]): Matrix {
  return matrix(Float32Array.from(values.flat()), values.length, values[0]!.length);
}

function expectRows(actual: Matrix, expected: number[][]) {
  expect([actual.n, actual.d]).toEqual([expected.length, expected[0]!.length]);
  expected.flat().forEach((v, i) => expect(actual.data[i]).toBeCloseTo(v, 5));
}

function viaJson(state: FittedScaler): FittedScaler {
  return JSON.parse(JSON.stringify(state)) as FittedScaler;
}

describe('fitScalerOf / applyScalerState', () => {
  it('min-max maps the training range to [0, 1] and a constant signal to 0', () => {
    const train = rows([[0, 5], [5, 5], [10, 5]]);
    const state = fitScalerOf('min-max', train);
    expect(state).toEqual({ kind: 'min-max', center: [0, 5], scale: [10, 1], log1p: [] });
    expectRows(applyScalerState(state, train), [[0, 0], [0.5, 0], [1, 0]]);
    // Rows outside the training range are not clipped.
    expectRows(applyScalerState(viaJson(state), rows([[5, 7], [20, 5]])), [[0.5, 2], [2, 0]]);
  });

  it('robust uses the median and numpy linear-percentile IQR, and scale 1 when the IQR is 0', () => {
    const train = rows([[1, 7], [2, 7], [3, 7], [4, 7], [100, 7]]);
    const state = fitScalerOf('robust', train);
    // column 0: median 3, q25 2, q75 4 -> IQR 2; column 1: constant -> median 7, scale 1
    expect(state).toEqual({ kind: 'robust', center: [3, 7], scale: [2, 1], log1p: [] });
    expectRows(applyScalerState(viaJson(state), rows([[5, 9], [3, 7]])), [[1, 2], [0, 0]]);
  });

  it('robust interpolates between ranks like numpy.percentile', () => {
    // [4, 1, 3, 2]: q25 at rank 0.75 -> 1.75, median 2.5, q75 at rank 2.25 -> 3.25, IQR 1.5
    const state = fitScalerOf('robust', rows([[4], [1], [3], [2]]));
    expect(state.center[0]).toBeCloseTo(2.5, 12);
    expect(state.scale[0]).toBeCloseTo(1.5, 12);
    expectRows(applyScalerState(state, rows([[4], [1]])), [[1], [-1]]);
  });

  it('standard reuses standard-scaler (population std) and agrees with it', () => {
    const train = rows([[1, 10], [3, 10]]);
    const state = fitScalerOf('standard', train);
    expect(state).toEqual({ kind: 'standard', center: [2, 10], scale: [1, 1], log1p: [] });
    const test = rows([[5, 12], [2, 9]]);
    expectRows(applyScalerState(viaJson(state), test), [[3, 2], [0, -1]]);
    expect(Array.from(applyScalerState(state, test).data)).toEqual(
      Array.from(applyScaler(fitScaler('standard', train), test).data),
    );
  });

  it('none returns an equal copy, not the input itself', () => {
    const X = rows([[1, -2], [3, 4]]);
    const out = applyScalerState(viaJson(fitScalerOf('none', X)), X);
    expect(out).not.toBe(X);
    expect(Array.from(out.data)).toEqual([1, -2, 3, 4]);
  });

  it('log1p is applied to the listed signals before the scaler is fitted and applied', () => {
    const e = Math.E;
    // column 0 after log1p: [-1, 2] -> min -1, range 3; column 1 untouched: [2, 0] -> min 0, range 2
    const train = rows([[-(e - 1), 2], [e * e - 1, 0]]);
    const state = fitScalerOf('min-max', train, { log1p: [0] });
    expect(state.log1p).toEqual([0]);
    expect(state.center[0]).toBeCloseTo(-1, 5);
    expect(state.scale[0]).toBeCloseTo(3, 5);
    expectRows(applyScalerState(viaJson(state), rows([[e - 1, 5]])), [[2 / 3, 2.5]]);
  });

  it('does not change its inputs and rejects a matrix with a different signal count', () => {
    const train = rows([[1, 2], [3, 4]]);
    const state = fitScalerOf('robust', train, { log1p: [1] });
    applyScalerState(state, train);
    expect(Array.from(train.data)).toEqual([1, 2, 3, 4]);
    expect(() => applyScalerState(state, rows([[1, 2, 3]]))).toThrow(/2 signals, got 3/);
  });

  it('an empty training set gives the identity', () => {
    const state = fitScalerOf('robust', matrix(new Float32Array(0), 0, 2));
    expect(state).toEqual({ kind: 'robust', center: [0, 0], scale: [1, 1], log1p: [] });
  });
});

describe('applyL2Rows', () => {
  it('divides each row by its L2 norm and keeps zero rows zero', () => {
    const X = rows([[3, 4], [0, 0], [0, -2]]);
    expectRows(applyL2Rows(X), [[0.6, 0.8], [0, 0], [0, -1]]);
    expect(Array.from(X.data)).toEqual([3, 4, 0, 0, 0, -2]);
  });
});

describe('applyLog1p', () => {
  it('applies sign(x) * log1p(|x|) to the chosen signals only', () => {
    const out = applyLog1p(rows([[-(Math.E - 1), 9, 0]]), [0, 2]);
    expectRows(out, [[-1, 9, 0]]);
  });

  it('rejects a signal index outside the matrix', () => {
    expect(() => applyLog1p(rows([[1, 2]]), [2])).toThrow(/not in 0\.\.1/);
  });
});
