import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPreset } from '../../shared/domain/presets';
import { DatasetStore } from '../data/dataset-store';
import type { SavedModel } from '../ml/model-file';
import { prepareScoringData } from './score-run';

let dir: string;
let store: DatasetStore;
let datasetId: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lens-score-run-'));
  store = await DatasetStore.open(':memory:');
  // a new file with gaps, whose own means (a: 20, b: 200) differ from the training means (a: 1, b: 2)
  const file = path.join(dir, 'new-week.csv');
  await writeFile(file, 'a,b\n10,100\n,300\n30,\n');
  datasetId = (await store.importFile(file)).id;
});

afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function savedWith(fitMeans: Float64Array | null): SavedModel {
  return {
    model: {
      config: findPreset('pca')!.config,
      preprocessing: { signals: ['a', 'b'], scaler: { kind: 'standard', center: [0, 0], scale: [1, 1], log1p: [] }, l2Rows: false },
      detector: { family: 'pca', inputSize: 2, tensors: [], extra: null },
      typicalError: null,
    },
    run: {
      threshold: { rule: { kind: 'percentile', p: 99 }, value: 1, alarms: { mergeGap: 0, minAlarms: 1, window: 1 } },
      split: { kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: true },
      trainingScores: new Float32Array(0),
      fitMeans,
    },
  };
}

const source = { datasetId: '', roles: { time: null, label: null }, missing: 'mean-fill' as const };

describe('scoring a file with a saved model under mean fill', () => {
  it("fills the file's gaps with the training rows' means, as training filled its own", async () => {
    const data = await prepareScoringData(store, savedWith(Float64Array.from([1, 2])), { ...source, datasetId });
    expect(Array.from(data.prepared.X)).toEqual([10, 100, 1, 300, 30, 2]);
  });

  it("falls back to the file's own means for a model folder that kept none", async () => {
    const data = await prepareScoringData(store, savedWith(null), { ...source, datasetId });
    expect(Array.from(data.prepared.X)).toEqual([10, 100, 20, 300, 30, 200]);
  });
});
