import type { ModelConfig } from '../../shared/domain/model-config';
import { isSupervised } from '../../shared/domain/model-config';
import { defaultThresholdRule, supervisedThresholdRule, type Roles, type ThresholdRule } from '../../shared/domain/results';
import type { BackendInfo } from '../../shared/ipc/app';
import type { MissingPolicy, Split } from '../../shared/domain/data-prep';
import type { TrainJobOutput } from '../jobs/protocol';
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
  rule?: ThresholdRule;
}

/** Turns a finished training job into the run the host keeps and the renderer reads. */
export function buildRunRecord(inputs: RunInputs, output: TrainJobOutput): RunRecord {
  const scores = Array.from(output.scores);
  const labels = inputs.labels ? Array.from(inputs.labels) : null;
  const rule = inputs.rule ?? (isSupervised(inputs.model) ? supervisedThresholdRule : defaultThresholdRule);
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
      threshold: thresholdState(rule, { scores, fitScores: output.fitScores, labels, validationRows: inputs.validationRows, testRows: inputs.testRows }),
    },
    errors: output.errors,
    pyramid: output.errors ? buildPyramid(output.errors, output.scores.length, inputs.signals.length) : null,
    raw: inputs.raw,
    fitScores: output.fitScores,
    typicalError: output.fitSignalMeanError,
    model: output.model,
    extraScores: output.extraScores,
    validationRows: inputs.validationRows,
    testRows: inputs.testRows,
  };
}
