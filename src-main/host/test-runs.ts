import { findPreset } from '../../shared/domain/presets';
import type { TrainJobOutput } from '../jobs/protocol';
import type { ExtraScore } from '../ml/detectors/detector';
import { buildRunRecord, type RunInputs } from './run-builder';
import type { RunRecord } from './runs';

/** A run made of hand-picked numbers, for the host's specs. */
export interface TestRunOptions {
  /** default 'dense-relu' */
  preset?: string;
  scores: number[];
  /** the training rows' scores; default [0] */
  fitScores?: number[];
  /** share of the training rows labelled anomalous (supervised thresholds); default null */
  fitAnomalyShare?: number | null;
  labels?: number[] | null;
  /** default ['a'] */
  signals?: string[];
  /** raw values, rows x signals; default the scores as one signal */
  raw?: number[];
  /** what the fitted scaler divides each signal by (centre 0); default 1 */
  scale?: number[];
  /** squared errors in the scaled space, rows x signals; null (the default) for a model without an error per signal */
  errors?: number[] | null;
  /** each signal's mean error on the training rows; default 1 each (with errors) */
  typicalError?: number[];
  validationRows?: number[];
  /** default every row */
  testRows?: number[];
  extraScores?: ExtraScore[];
}

/** The record the real buildRunRecord makes of a training job that gave these numbers. */
export function testRunRecord(options: TestRunOptions): RunRecord {
  const model = findPreset(options.preset ?? 'dense-relu')!.config;
  const signals = options.signals ?? ['a'];
  const d = signals.length;
  const errors = options.errors ? Float32Array.from(options.errors) : null;
  const inputs: RunInputs = {
    runId: 'r1',
    datasetId: 'd1',
    datasetName: 'plant.csv',
    model,
    roles: { time: null, label: options.labels ? 'label' : null, signals },
    split: { kind: 'chronological', train: 0.5, validation: 0, normalOnly: false },
    missing: 'forward-fill',
    backend: { name: 'wasm', detail: 'test', gpu: false },
    signals,
    raw: Float32Array.from(options.raw ?? options.scores),
    labels: options.labels ? Uint8Array.from(options.labels) : null,
    fitMeans: null,
    partition: null,
    droppedRows: 0,
    validationRows: Uint32Array.from(options.validationRows ?? []),
    testRows: Uint32Array.from(options.testRows ?? options.scores.map((_, i) => i)),
  };
  const typicalError = errors ? (options.typicalError ?? signals.map(() => 1)) : null;
  const output: TrainJobOutput = {
    report: { history: { loss: [], valLoss: [] }, epochsRun: 1, bestEpoch: 1, stoppedEarly: false, cancelled: false, trainSeconds: 1 },
    model: {
      config: model,
      preprocessing: { signals, scaler: { kind: 'standard', center: signals.map(() => 0), scale: options.scale ?? signals.map(() => 1), log1p: [] }, l2Rows: false },
      detector: { family: model.family, inputSize: d, tensors: [], extra: null },
      typicalError,
    },
    fitScores: Float32Array.from(options.fitScores ?? [0]),
    fitAnomalyShare: options.fitAnomalyShare ?? null,
    fitSignalMeanError: typicalError && Float64Array.from(typicalError),
    scores: Float32Array.from(options.scores),
    errors,
    extraScores: options.extraScores ?? [],
  };
  return buildRunRecord(inputs, output);
}
