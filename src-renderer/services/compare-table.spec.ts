import { describe, expect, it } from 'vitest';
import type { RunComparison } from '../../shared/ipc/compare';
import { compareRows, nextSort, settingColumns, sortRows } from './compare-table';

function run(preset: string, settings: Record<string, number | string>, rocAuc: number | null): RunComparison {
  return {
    runId: `run-${preset}-${rocAuc}`,
    datasetName: 'pumps.csv',
    createdAt: '2026-01-01T00:00:00.000Z',
    family: preset === 'pca' ? 'pca' : 'dense',
    preset,
    settings: Object.entries(settings).map(([key, value]) => ({ key, label: key, value })),
    metrics: { rocAuc, prAuc: null, f1: null, bestF1: null, eventF1: null },
    trainSeconds: 1,
    epochsRun: 1,
    history: { loss: new Float64Array(0), valLoss: new Float64Array(0) },
    threshold: 1,
    scores: { edges: new Float64Array(2), all: new Float64Array(1), testNormal: null, testAnomaly: null },
  };
}

const runs = [
  run('pca', { varianceToKeep: 0.95, 'scoring.smoothingRows': 60 }, 0.8),
  run('dense-relu', { learningRate: 0.001, batchSize: 32, 'scoring.smoothingRows': 60 }, 0.9),
  run('dense-relu', { learningRate: 0.01, batchSize: 32, 'scoring.smoothingRows': 60 }, null),
  run('dense-relu', { learningRate: 0.0005, batchSize: 32, 'scoring.smoothingRows': 60 }, 0.95),
];

describe('the compare table', () => {
  it('gives a column to the settings the runs disagree on, not to those only one family has or all share', () => {
    expect(settingColumns(runs).map((column) => column.key)).toEqual(['learningRate']);
  });

  it('sorts numbers by value with missing values last in both directions, ties in training order', () => {
    const numbers = (key: Parameters<typeof sortRows>[1]) => sortRows(compareRows(runs), key).map((row) => row.number);
    expect(numbers({ key: 'rocAuc', descending: true })).toEqual([4, 2, 1, 3]);
    expect(numbers({ key: 'rocAuc', descending: false })).toEqual([1, 2, 4, 3]);
    expect(numbers({ key: 'setting:learningRate', descending: false })).toEqual([4, 2, 3, 1]);
    expect(numbers({ key: 'preset', descending: false })).toEqual([2, 3, 4, 1]);
    expect(compareRows(runs)[1]!.label).toBe('#2 dense-relu');
  });

  it('starts a metric column with the best run on top and flips on a second click', () => {
    const byAuc = nextSort({ key: 'number', descending: false }, 'rocAuc');
    expect(byAuc).toEqual({ key: 'rocAuc', descending: true });
    expect(nextSort(byAuc, 'rocAuc')).toEqual({ key: 'rocAuc', descending: false });
    expect(nextSort(byAuc, 'family')).toEqual({ key: 'family', descending: false });
  });
});
