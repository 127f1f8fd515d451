import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../shared/domain/model-config';
import { findPreset } from '../../shared/domain/presets';
import { mulberry32 } from '../../shared/random';
import { loadBackend, type Tf } from './backend';
import { createDetector } from './detectors/registry';
import type { Matrix } from './matrix';
import { scoreRows } from './score-model';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadBackend('auto')).tf;
});

function signals(n: number, d: number): Matrix {
  const random = mulberry32(8);
  return { data: Float32Array.from({ length: n * d }, (_, i) => Math.sin(i / 7) + 0.1 * random()), n, d };
}

function quick(name: string, changes: Record<string, unknown> = {}): ModelConfig {
  return { ...JSON.parse(JSON.stringify(findPreset(name)!.config)), epochs: 1, patience: 0, ...changes } as ModelConfig;
}

const window = (attribution: 'last' | 'mean') => ({ window: { length: 12, stride: 3, attribution } });

describe('scoring in chunks', () => {
  it.each([
    ['dense', quick('dense-relu', { hiddenLayers: [4, 2, 4] })],
    ['conv1d, last row', quick('conv-small', window('last'))],
    ['conv1d, mean over windows', quick('conv-small', window('mean'))],
    ['C-LSTM, last row', quick('clstm', { ...window('last'), filters: [4], lstmUnits: 4, denseUnits: 4 })],
    ['C-LSTM, mean over windows', quick('clstm', { ...window('mean'), filters: [4], lstmUnits: 4, denseUnits: 4 })],
  ])('%s: gives every row exactly what scoring the whole file at once gives', async (_, config) => {
    const X = signals(150, 3);
    const labels = Uint8Array.from({ length: 150 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const detector = createDetector(tf, config);
    await detector.fit(X, { labels });
    const whole = detector.featureErrors ? (await detector.featureErrors(X)).data : await detector.decisionFunction(X);
    const progress: number[] = [];
    const chunked = await scoreRows(detector, config, X, { chunkRows: 17, onProgress: (done) => progress.push(done) });
    detector.dispose();
    const got = chunked.errors ? chunked.errors.data : chunked.scores;
    expect(got).toHaveLength(whole.length);
    got.forEach((value, i) => expect(value).toBeCloseTo(whole[i]!, 5));
    expect(progress).toEqual([17, 34, 51, 68, 85, 102, 119, 136, 150]);
  });

  it('stops with CANCELLED between chunks', async () => {
    const config = quick('dense-relu', { hiddenLayers: [4, 2, 4] });
    const X = signals(500, 3);
    const detector = createDetector(tf, config);
    await detector.fit(X);
    let chunks = 0;
    await expect(
      scoreRows(detector, config, X, { chunkRows: 50, onProgress: () => chunks++, isCancelled: () => chunks >= 2 }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    detector.dispose();
    expect(chunks).toBe(2);
  });
});
