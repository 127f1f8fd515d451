import { defaultAlarmRules, type AlarmRules, type ThresholdRule } from '../../shared/domain/results';
import type { TrainedModel } from '../jobs/protocol';
import type { ExtraScore } from '../ml/detectors/detector';
import type { Pyramid } from '../ml/pyramid';
import type { RocPr, RunResult, ThresholdCurve, ThresholdState } from '../../shared/ipc/results';
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import { alarmEvents } from '../ml/alarms';
import { evaluate, prCurve, rocCurve } from '../ml/metrics';
import { thresholdCurve, thresholdValue, type CostModel } from '../ml/threshold';

/** Everything a finished run keeps; the RunResult part is what the renderer sees. */
export interface RunRecord {
  result: RunResult;
  /** per-row per-signal squared error of the scored rows, nRows x signals; null for families without it */
  errors: Float32Array | null;
  /** max/mean levels over `errors`, built once, so any heatmap viewport costs O(width x signals) */
  pyramid: Pyramid | null;
  /** raw signal values of the scored rows, same layout, for "before vs during" */
  raw: Float32Array;
  fitScores: Float32Array;
  /** each signal's mean over the training rows (after the missing-value policy): a scored file's gaps take these */
  fitMeans: Float64Array | null;
  typicalError: Float64Array | null;
  /** the family's other per-row scores of the scored rows (negative ELBO, norm of S) */
  extraScores: ExtraScore[];
  /** the trained model with its preprocessing: scores new rows without retraining */
  model: TrainedModel;
  /** the validation rows the validation-based threshold rules learn from, ascending */
  validationRows: Uint32Array;
  /** the test rows the metrics are computed over, ascending */
  testRows: Uint32Array;
}

/** The per-signal errors explanations need, or an error that says which families give them. */
export function explainable(record: RunRecord): { errors: Float32Array; typicalError: Float64Array; pyramid: Pyramid } {
  if (!record.errors || !record.typicalError || !record.pyramid) {
    throw new AppError(
      errorCodes.badRequest,
      `a ${record.result.model.family} model gives a score per row but no error per signal: explanations need an autoencoder or PCA`,
    );
  }
  return { errors: record.errors, typicalError: record.typicalError, pyramid: record.pyramid };
}

export interface ThresholdInputs {
  scores: ArrayLike<number>;
  /** the training rows' scores (mean + k sigma and percentile rules) */
  fitScores: ArrayLike<number>;
  labels: ArrayLike<number> | null;
  /** rows of `scores` the validation-based rules learn from, ascending */
  validationRows: ArrayLike<number>;
  /** rows the metrics are computed over, ascending */
  testRows: ArrayLike<number>;
}

export function thresholdInputsOf(record: RunRecord): ThresholdInputs {
  return { ...record, scores: record.result.scores, labels: record.result.labels };
}

const pick = (values: ArrayLike<number>, rows: ArrayLike<number>) => Array.from(rows, (row) => values[row]!);

/**
 * The threshold, its alarm events under the post-rules and (with labels) the metrics over the
 * evaluation rows. Metrics stay point-wise at the threshold: the post-rules shape what the user is
 * told about, not what a row's score is.
 */
export function thresholdState(rule: ThresholdRule, inputs: ThresholdInputs, alarms: AlarmRules = defaultAlarmRules): ThresholdState {
  const { scores, labels } = inputs;
  const needsValidation = rule.kind === 'best-f1' || rule.kind === 'cost' || (rule.kind === 'mean-k-sigma' && rule.source === 'validation');
  const needsLabels = rule.kind === 'best-f1' || rule.kind === 'cost';
  if (needsValidation && inputs.validationRows.length === 0) {
    throw new AppError(errorCodes.badRequest, 'this threshold rule learns from the validation rows: choose a split with a validation share');
  }
  if (needsLabels && !labels) {
    throw new AppError(errorCodes.badRequest, 'this threshold rule needs labels: choose a label column');
  }
  const needsTraining = rule.kind === 'percentile' || (rule.kind === 'mean-k-sigma' && rule.source !== 'validation');
  if (needsTraining && inputs.fitScores.length === 0) {
    // a run scored with a model folder that kept no training scores (written before they were kept)
    throw new AppError(errorCodes.badRequest, "this threshold rule learns from the training rows' scores, which this run's model folder does not keep: export the model again, or set the threshold by hand");
  }
  const validation = needsValidation
    ? { scores: pick(scores, inputs.validationRows), labels: labels ? pick(labels, inputs.validationRows) : undefined }
    : undefined;
  const value = thresholdValue(rule, inputs.fitScores, validation);
  const events = alarmEvents(scores, value, alarms).map(({ rows: _confirmed, ...event }) => event);
  const metrics = labels ? evaluate(pick(scores, inputs.testRows), pick(labels, inputs.testRows), value) : null;
  return { rule, value, alarms, events, metrics };
}

/** Points the threshold curve keeps: about one per pixel of the chart. */
const curvePoints = 2000;

function anyLabelled(labels: ArrayLike<number>, rows: ArrayLike<number>): boolean {
  for (let i = 0; i < rows.length; i++) if (labels[rows[i]!]! > 0) return true;
  return false;
}

/**
 * Precision, recall, F1 (and with a cost model the cost) at the candidate thresholds, over the rows
 * the validation-based rules learn from when they hold a labelled row, else over the test rows
 * (training on normal rows only leaves none in the validation part, where every F1 would be 0).
 */
function thresholdCurveOf(inputs: ThresholdInputs, cost: CostModel | null): ThresholdCurve {
  const { scores, labels } = inputs;
  if (!labels) throw new AppError(errorCodes.badRequest, 'the F1 curve needs labels: choose a label column');
  const rows = anyLabelled(labels, inputs.validationRows) ? 'validation' : 'test';
  const picked = rows === 'validation' ? inputs.validationRows : inputs.testRows;
  if (picked.length === 0) throw new AppError(errorCodes.badRequest, 'the run has no validation or test rows to draw the F1 curve over');
  const curve = thresholdCurve(pick(scores, picked), pick(labels, picked), { cost, maxPoints: curvePoints });
  const { points } = curve;
  // the optima are kept among the points; candidate thresholds are unique, so they find them
  const indexOf = (threshold: number) => points.findIndex((point) => point.threshold === threshold);
  return {
    rows,
    candidates: curve.candidates,
    thresholds: Float64Array.from(points, (point) => point.threshold),
    precision: Float32Array.from(points, (point) => point.precision),
    recall: Float32Array.from(points, (point) => point.recall),
    f1: Float32Array.from(points, (point) => point.f1),
    cost: cost ? Float64Array.from(points, (point) => point.cost!) : null,
    bestF1: indexOf(curve.bestF1.threshold),
    bestCost: curve.bestCost ? indexOf(curve.bestCost.threshold) : null,
  };
}

/** Points each ROC and PR curve keeps: enough for a chart a few hundred pixels wide. */
const rocPrPoints = 1000;

/**
 * ROC and PR curves over the test rows, the rows the metric cards and the confusion matrix count.
 * ROC drops collinear points first (the same curve, fewer points), then both keep their extremes.
 */
function rocPrOf(inputs: ThresholdInputs): RocPr {
  const { labels } = inputs;
  if (!labels) throw new AppError(errorCodes.badRequest, 'ROC and PR curves need labels: choose a label column');
  const scores = pick(inputs.scores, inputs.testRows);
  const truth = pick(labels, inputs.testRows);
  const positives = truth.filter((label) => label > 0).length;
  if (positives === 0 || positives === truth.length) {
    throw new AppError(errorCodes.badRequest, 'ROC and PR curves need both labelled anomalies and normal rows among the test rows', {
      testRows: truth.length,
      labelled: positives,
    });
  }
  const roc = rocCurve(scores, truth, { dropIntermediate: true, maxPoints: rocPrPoints });
  const pr = prCurve(scores, truth, { maxPoints: rocPrPoints });
  return {
    roc: { fpr: roc.fpr, tpr: roc.tpr },
    pr: { recall: pr.recall, precision: pr.precision },
    positiveRate: positives / truth.length,
  };
}

/** The run's ROC and PR curves over its test rows; throws where labels or one of the two classes are missing. */
export function runRocPr(record: RunRecord): RocPr {
  return rocPrOf(thresholdInputsOf(record));
}

export class RunStore {
  private readonly runs = new Map<string, RunRecord>();

  add(record: RunRecord): void {
    this.runs.set(record.result.runId, record);
  }

  get(runId: string): RunRecord {
    const record = this.runs.get(runId);
    if (!record) throw new AppError(errorCodes.notFound, `no run with id ${runId}: train a model first`);
    return record;
  }

  list(): RunRecord[] {
    return [...this.runs.values()];
  }

  /** An opened project's runs take the place of the session's. */
  replace(records: RunRecord[]): void {
    this.runs.clear();
    for (const record of records) this.add(record);
  }

  /** A new rule, and new alarm post-rules when given (else the run's current ones). */
  setThreshold(runId: string, rule: ThresholdRule, alarms?: AlarmRules): ThresholdState {
    const record = this.get(runId);
    record.result.threshold = thresholdState(rule, thresholdInputsOf(record), alarms ?? record.result.threshold.alarms);
    return record.result.threshold;
  }

  thresholdCurve(runId: string, cost: CostModel | null): ThresholdCurve {
    return thresholdCurveOf(thresholdInputsOf(this.get(runId)), cost);
  }

  rocPr(runId: string): RocPr {
    return runRocPr(this.get(runId));
  }
}
