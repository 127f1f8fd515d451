import type { ModelConfig } from '../../shared/domain/model-config';
import { isSupervised } from '../../shared/domain/model-config';
import { defaultThresholdRule, supervisedThresholdRule, type AlarmRules, type Roles, type ThresholdRule } from '../../shared/domain/results';
import type { BackendInfo } from '../../shared/ipc/app';
import type { RunResult } from '../../shared/ipc/results';
import type { MissingPolicy, Split } from '../../shared/domain/data-prep';
import type { ScoreJobOutput, TrainJobOutput, TrainedModel } from '../jobs/protocol';
import type { ExtraScore } from '../ml/detectors/detector';
import { matrix, selectRows } from '../ml/matrix';
import { reconstructionR2FromErrors } from '../ml/metrics';
import type { SavedModel, SavedRun } from '../ml/model-file';
import { applyPreprocessing } from '../ml/preprocess/pipeline';
import { buildPyramid } from '../ml/pyramid';
import { thresholdState, type RunRecord } from './runs';

export interface RunInputs {
  runId: string;
  datasetId: string;
  datasetName: string;
  model: ModelConfig;
  roles: Roles;
  split: Split;
  missing: MissingPolicy;
  backend: BackendInfo;
  signals: string[];
  /** raw values of the scored rows */
  raw: Float32Array;
  labels: Uint8Array | null;
  partition: { trainEnd: number; validationEnd: number } | null;
  droppedRows: number;
  validationRows: Uint32Array;
  testRows: Uint32Array;
  /** each signal's mean over the training rows; null for a scored run whose model folder kept none */
  fitMeans: Float64Array | null;
  rule?: ThresholdRule;
  alarms?: AlarmRules;
}

/** What the results view calls the families' extra scores (ExtraScore names are scores.csv columns). */
const extraScoreLabels: Record<string, string> = {
  negative_elbo: 'negative ELBO',
  sparse_norm: 'norm of S (sparse part)',
};

function labelled(extra: ExtraScore[]): RunResult['extraScores'] {
  return extra.map(({ name, values }) => ({ name, label: extraScoreLabels[name], values }));
}

/**
 * Reconstruction R2 over the test rows. The errors were measured on the model's preprocessed inputs,
 * so the raw rows go through the run's fitted preprocessing again for the variance they are compared to.
 */
function testReconstructionR2(model: TrainedModel, raw: Float32Array, errors: Float32Array | null, nSignals: number, testRows: Uint32Array): number | null {
  if (!errors) return null;
  const X = matrix(raw, raw.length / nSignals, nSignals);
  const inputs = applyPreprocessing(model.preprocessing, selectRows(X, testRows));
  const testErrors = selectRows(matrix(errors, X.n, nSignals), testRows);
  return reconstructionR2FromErrors(testErrors.data, inputs.data, nSignals);
}

/** Turns a finished training job into the run the host keeps and the renderer reads. */
export function buildRunRecord(inputs: RunInputs, output: TrainJobOutput): RunRecord {
  const { scores } = output;
  const { labels } = inputs;
  const rule = inputs.rule ?? (isSupervised(inputs.model) ? supervisedThresholdRule(output.fitAnomalyShare) : defaultThresholdRule);
  return {
    result: {
      runId: inputs.runId,
      datasetId: inputs.datasetId,
      datasetName: inputs.datasetName,
      createdAt: new Date().toISOString(),
      model: inputs.model,
      roles: inputs.roles,
      split: inputs.split,
      missing: inputs.missing,
      backend: inputs.backend,
      trainSeconds: output.report.trainSeconds,
      epochsRun: output.report.epochsRun,
      bestEpoch: output.report.bestEpoch,
      stoppedEarly: output.report.stoppedEarly,
      history: output.report.history,
      signals: inputs.signals,
      featureErrors: output.errors !== null,
      nRows: output.scores.length,
      partition: inputs.partition,
      droppedRows: inputs.droppedRows,
      scores,
      labels,
      reconstructionR2: testReconstructionR2(output.model, inputs.raw, output.errors, inputs.signals.length, inputs.testRows),
      extraScores: labelled(output.extraScores),
      threshold: thresholdState(
        rule,
        { scores, fitScores: output.fitScores, labels, validationRows: inputs.validationRows, testRows: inputs.testRows },
        inputs.alarms,
      ),
    },
    errors: output.errors,
    pyramid: output.errors ? buildPyramid(output.errors, output.scores.length, inputs.signals.length) : null,
    raw: inputs.raw,
    fitScores: output.fitScores,
    fitMeans: inputs.fitMeans,
    typicalError: output.fitSignalMeanError,
    model: output.model,
    extraScores: output.extraScores,
    validationRows: inputs.validationRows,
    testRows: inputs.testRows,
  };
}

/** A run's model as it is exported: the trained model with the run's threshold and split. */
export function savedModelOf(record: RunRecord): SavedModel {
  const { rule, value, alarms } = record.result.threshold;
  return {
    model: record.model,
    run: { threshold: { rule, value, alarms }, split: record.result.split, trainingScores: record.fitScores, fitMeans: record.fitMeans },
  };
}

/** What a scored run knows beyond its data: every row is a test row, none trained or validated. */
export type ScoredRunInputs = Omit<RunInputs, 'model' | 'split' | 'partition' | 'validationRows' | 'testRows' | 'rule' | 'alarms' | 'fitMeans'>;

/**
 * A file scored with a saved model, as a run the Results and Explain views show: no training
 * (0 seconds, no history), every row a test row, and the saved threshold value applied as it is,
 * since the rows its rule learnt from are not part of this file.
 */
export function buildScoredRunRecord(inputs: ScoredRunInputs, model: TrainedModel, savedRun: SavedRun, output: ScoreJobOutput): RunRecord {
  const { threshold } = savedRun;
  const n = output.scores.length;
  const record = buildRunRecord(
    {
      ...inputs,
      model: model.config,
      split: savedRun.split,
      partition: { trainEnd: 0, validationEnd: 0 },
      validationRows: new Uint32Array(0),
      testRows: Uint32Array.from({ length: n }, (_, i) => i),
      rule: { kind: 'manual', value: threshold.value },
      alarms: threshold.alarms,
      fitMeans: savedRun.fitMeans,
    },
    {
      ...output,
      report: { history: { loss: [], valLoss: [] }, epochsRun: 0, bestEpoch: 0, stoppedEarly: false, cancelled: false, trainSeconds: 0 },
      model,
      fitScores: savedRun.trainingScores,
      fitAnomalyShare: null,
      fitSignalMeanError: model.typicalError && Float64Array.from(model.typicalError),
    },
  );
  // the run says which rule gave the value, as the training run did
  record.result.threshold.rule = threshold.rule;
  return record;
}
