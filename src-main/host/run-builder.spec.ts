import { describe, expect, it } from 'vitest';
import { findPreset } from '../../shared/domain/presets';
import type { TrainJobOutput } from '../jobs/protocol';
import { buildRunRecord, type RunInputs } from './run-builder';
import { thresholdState } from './runs';

function run(presetName: string, fitScores: number[], scores: number[]) {
  const model = findPreset(presetName)!.config;
  const inputs: RunInputs = {
    runId: 'r1',
    datasetId: 'd1',
    datasetName: 'plant.csv',
    model,
    roles: { time: null, label: 'label', signals: ['a'] },
    split: { kind: 'chronological', train: 0.5, validation: 0, normalOnly: false },
    missing: 'forward-fill',
    backend: { name: 'wasm', detail: 'test', gpu: false },
    signals: ['a'],
    raw: Float32Array.from(scores),
    labels: Uint8Array.from(scores, (score) => (score > 0.5 ? 1 : 0)),
    partition: null,
    droppedRows: 0,
    validationRows: new Uint32Array(0),
    testRows: Uint32Array.from(scores, (_, i) => i),
  };
  const output: TrainJobOutput = {
    report: { history: { loss: [], valLoss: [] }, epochsRun: 1, bestEpoch: 1, stoppedEarly: false, cancelled: false, trainSeconds: 1 },
    model: { config: model, preprocessing: { signals: ['a'], scaler: { kind: 'none', center: [0], scale: [1], log1p: [] }, l2Rows: false }, detector: { family: model.family, inputSize: 1, tensors: [], extra: null } },
    fitScores: Float32Array.from(fitScores),
    fitSignalMeanError: null,
    scores: Float32Array.from(scores),
    errors: null,
    extraScores: [],
  };
  return buildRunRecord(inputs, output).result;
}

describe('a new run threshold', () => {
  it('is mean + 3 sigma of the training scores for autoencoders', () => {
    const result = run('dense-relu', [1, 2, 3, 4], [1, 9]);
    expect(result.threshold.rule).toEqual({ kind: 'mean-k-sigma', k: 3 });
    expect(result.featureErrors).toBe(false);
  });

  it('is a probability of one half for supervised models, whose training scores sit at 0 and 1', () => {
    const result = run('clstm', [0.01, 0.02, 0.97, 0.99], [0.1, 0.7, 0.4, 0.9]);
    expect(result.threshold.rule).toEqual({ kind: 'manual', value: 0.5 });
    expect(result.threshold.events.map((event) => [event.start, event.end])).toEqual([
      [1, 1],
      [3, 3],
    ]);
  });
});

describe('threshold rules on a run', () => {
  // rows 0-5 validate, rows 6-11 test; labelled rows 3-4 and 9-10
  const scores = [0.1, 0.2, 0.1, 0.9, 0.8, 0.3, 0.2, 0.1, 0.4, 0.95, 0.7, 0.2];
  const labels = [0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0];
  const inputs = {
    scores,
    fitScores: [0.1, 0.2, 0.3],
    labels,
    validationRows: [0, 1, 2, 3, 4, 5],
    testRows: [6, 7, 8, 9, 10, 11],
  };

  it('learns best F1 on the validation rows and reports event-wise metrics on the test rows', () => {
    const state = thresholdState({ kind: 'best-f1' }, inputs);
    // on the validation rows any threshold in [0.3, 0.8) separates 0.8/0.9 from the rest; ties go to the higher one
    expect(state.value).toBe(0.3);
    expect(state.metrics).toMatchObject({ tp: 2, fp: 1, fn: 0, tn: 3 });
    // test rows 8-10 alarm as one run that touches the labelled rows 9-10
    expect(state.metrics!.events).toMatchObject({ trueEvents: 1, detectedEvents: 1, alarmRuns: 1, matchedAlarmRuns: 1, precision: 1, recall: 1 });
    expect(state.events.map((event) => [event.start, event.end])).toEqual([
      [3, 4],
      [8, 10],
    ]);
  });

  it('says what a validation rule needs when the run has no validation rows or no labels', () => {
    expect(() => thresholdState({ kind: 'best-f1' }, { ...inputs, validationRows: [] })).toThrow(/validation share/);
    expect(() => thresholdState({ kind: 'cost', cAlarm: 1, cMissed: 5, tolerance: 2 }, { ...inputs, labels: null })).toThrow(/needs labels/);
  });
});
