import { presets } from '../../shared/domain/presets';
import { defaultAlarmRules, type Metrics } from '../../shared/domain/results';
import type { RunResult } from '../../shared/ipc/results';

/** Label metrics for the views' specs: 3 of 5 anomaly rows found, 1 of 11 normal rows alarmed. */
export const metrics = (f1: number, pointAdjustedF1: number): Metrics => ({
  tp: 3, fp: 1, tn: 10, fn: 2, accuracy: 0.8, precision: 0.75, recall: 0.6, f1, rocAuc: 0.9, prAuc: 0.7,
  events: { trueEvents: 2, detectedEvents: 1, alarmRuns: 2, matchedAlarmRuns: 1, precision: 0.5, recall: 0.5, f1: 0.5 },
  pointAdjustedF1,
});

/** A run as results:get answers it: 6 rows, signals a and b, labelled, 2 epochs. */
export function runResult(overrides: Partial<RunResult> = {}): RunResult {
  return {
    runId: 'run-1', datasetId: 'ds', datasetName: 'pumps.csv', createdAt: '2026-01-01T00:00:00Z', model: presets[0]!.config,
    roles: { time: null, label: 'label', signals: ['a', 'b'] },
    split: { kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: true }, missing: 'forward-fill',
    backend: { name: 'wasm', detail: '', gpu: false }, trainSeconds: 3, epochsRun: 2, bestEpoch: 2, stoppedEarly: false,
    history: { loss: [1, 0.5], valLoss: [1, 0.6] }, signals: ['a', 'b'], featureErrors: true, nRows: 6,
    partition: { trainEnd: 3, validationEnd: 4 }, droppedRows: 0,
    scores: Float32Array.from([0.1, 0.2, 0.9, 0.3, 0.8, 0.1]),
    labels: Uint8Array.from([0, 0, 1, 0, 1, 0]),
    reconstructionR2: 0.873,
    extraScores: [{ name: 'negative_elbo', label: 'negative ELBO', values: Float32Array.from([1, 2, 9, 3, 8, 1]) }],
    threshold: { rule: { kind: 'percentile', p: 99 }, value: 0.85, alarms: defaultAlarmRules, events: [], metrics: metrics(0.7, 0.75) },
    ...overrides,
  };
}
