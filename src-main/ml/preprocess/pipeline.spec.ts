import { describe, expect, it } from 'vitest';
import { applyPreprocessing, fitPreprocessing } from './pipeline';

const signals = ['count', 'level'];
const train = { data: Float32Array.from([0, 1, 9, 3, 99, 5]), n: 3, d: 2 };

describe('preprocessing pipeline', () => {
  it('fits on the training rows only and applies log1p (by signal name), the scaler, then L2 rows', () => {
    const state = fitPreprocessing({ scaler: 'min-max', log1pSignals: ['count'], l2Rows: false }, signals, train);
    // count: log1p gives 0, ln 10, ln 100, so min 0 and range ln 100; level: min 1, range 4
    expect(state.scaler.center[0]).toBeCloseTo(0, 6);
    expect(state.scaler.scale[0]).toBeCloseTo(Math.log(100), 5);
    expect(state.scaler.center[1]).toBe(1);
    expect(state.scaler.scale[1]).toBe(4);
    const later = { data: Float32Array.from([999, 9]), n: 1, d: 2 };
    const [count, level] = applyPreprocessing(state, later).data;
    expect(count).toBeCloseTo(Math.log(1000) / Math.log(100), 5);
    expect(level).toBe(2);
    const rows = applyPreprocessing({ ...state, l2Rows: true }, later).data;
    expect(Math.hypot(rows[0]!, rows[1]!)).toBeCloseTo(1, 6);
    expect(rows[0]! / rows[1]!).toBeCloseTo(count! / level!, 5);
  });

  it('survives JSON, as it is saved with the model', () => {
    const state = fitPreprocessing({ scaler: 'robust', log1pSignals: [], l2Rows: true }, signals, train);
    const again = JSON.parse(JSON.stringify(state));
    expect(applyPreprocessing(again, train).data).toEqual(applyPreprocessing(state, train).data);
  });

  it('names a log1p signal that is not among the model signals', () => {
    expect(() => fitPreprocessing({ scaler: 'standard', log1pSignals: ['flow'], l2Rows: false }, signals, train)).toThrow('log1p signal "flow" is not one of the model\'s signals');
  });
});
