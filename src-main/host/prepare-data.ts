import type { MissingPolicy, Split } from '../../shared/domain/data-prep';
import type { FeatureMatrix } from '../data/dataset-store';
import { applyMissingPolicy } from '../data/missing';
import { splitRows, type SplitRows } from '../data/split';

export interface PreparedData {
  X: Float32Array;
  n: number;
  d: number;
  labels: Uint8Array | null;
  times: Float64Array | null;
  /** source row of each kept row; null when no row was dropped */
  rowIds: Uint32Array | null;
  parts: SplitRows;
  droppedRows: number;
  filledCells: number;
}

function keep<T extends Uint8Array | Float64Array>(values: T | null, rowIds: Uint32Array | null): T | null {
  if (!values || !rowIds) return values;
  const out = new (values.constructor as new (length: number) => T)(rowIds.length);
  rowIds.forEach((row, i) => (out[i] = values[row]!));
  return out;
}

/**
 * Missing values and the split, in the order that keeps statistics honest: dropped rows leave
 * before the split is drawn; a mean fill uses the training rows' means only.
 */
export function prepareData(data: FeatureMatrix, split: Split, policy: MissingPolicy): PreparedData {
  if (policy === 'drop-rows') {
    const prepared = applyMissingPolicy(data.X, data.n, data.d, data.signals, policy, null, data.file);
    const labels = keep(data.labels, prepared.rowIds);
    const times = keep(data.times, prepared.rowIds);
    return {
      X: prepared.X,
      n: prepared.n,
      d: data.d,
      labels,
      times,
      rowIds: prepared.rowIds,
      parts: splitRows(prepared.n, split, labels, times),
      droppedRows: data.n - prepared.n,
      filledCells: 0,
    };
  }
  const parts = splitRows(data.n, split, data.labels, data.times);
  const prepared = applyMissingPolicy(data.X, data.n, data.d, data.signals, policy, parts.train, data.file);
  return {
    X: prepared.X,
    n: data.n,
    d: data.d,
    labels: data.labels,
    times: data.times,
    rowIds: null,
    parts,
    droppedRows: 0,
    filledCells: prepared.filledCells,
  };
}
