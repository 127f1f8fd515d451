import type { ThresholdRule } from '../../shared/domain/results';
import type { RunResult, ThresholdState } from '../../shared/ipc/results';
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import { alarmEvents } from '../ml/explain';
import { evaluate } from '../ml/metrics';
import { thresholdValue } from '../ml/threshold';

/** Everything a finished run keeps; the RunResult part is what the renderer sees. */
export interface RunRecord {
  result: RunResult;
  /** per-row per-signal squared error of the scored rows, nRows x signals */
  errors: Float32Array;
  /** raw signal values of the scored rows, same layout, for "before vs during" */
  raw: Float32Array;
  fitScores: Float32Array;
  typicalError: Float64Array;
  /** the test rows the metrics are computed over, ascending */
  testRows: Uint32Array;
}

/** The threshold, its alarm events and (with labels) the metrics over the evaluation rows. */
export function thresholdState(
  rule: ThresholdRule,
  scores: ArrayLike<number>,
  fitScores: ArrayLike<number>,
  labels: ArrayLike<number> | null,
  testRows: ArrayLike<number>,
): ThresholdState {
  const value = thresholdValue(rule, fitScores);
  const events = alarmEvents(scores, value);
  let metrics = null;
  if (labels) {
    const pick = (values: ArrayLike<number>) => Array.from(testRows, (row) => values[row]!);
    metrics = evaluate(pick(scores), pick(labels), value);
  }
  return { rule, value, events, metrics };
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

  setThreshold(runId: string, rule: ThresholdRule): ThresholdState {
    const record = this.get(runId);
    const { result } = record;
    result.threshold = thresholdState(rule, result.scores, record.fitScores, result.labels, record.testRows);
    return result.threshold;
  }
}
