import type { ModelFamily } from '../../../shared/domain/model-config';
import type { Matrix } from '../matrix';

export interface FitProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number | null;
  epochLoss: number | null;
  valLoss: number | null;
  elapsedMs: number;
  etaMs: number | null;
}

export interface FitOptions {
  onProgress?: (progress: FitProgress) => void;
  /** least time between two mid-epoch progress events (default 100 ms); epoch ends always report */
  progressIntervalMs?: number;
  /** polled between batches; training stops within one batch once it returns true */
  isCancelled?: () => boolean;
  /** held-out rows for early stopping; without them the model holds out the tail of X */
  validation?: Matrix | null;
  /** 0/1 per row of X: required by the supervised families, ignored by the others */
  labels?: Uint8Array | null;
  /** 0/1 per row of `validation` */
  validationLabels?: Uint8Array | null;
}

export interface FitReport {
  history: { loss: number[]; valLoss: number[] };
  epochsRun: number;
  /** 1-based epoch whose weights were kept */
  bestEpoch: number;
  stoppedEarly: boolean;
  cancelled: boolean;
  trainSeconds: number;
}

export interface ExtraScore {
  /** a column name: snake_case, as in scores.csv */
  name: string;
  values: Float32Array;
}

/** One weight tensor, as plain numbers: what a saved model keeps. */
export interface SavedTensor {
  shape: number[];
  data: Float32Array;
}

/**
 * Everything a detector needs besides its config to score again: weights in build order plus any
 * fitted state as JSON (PCA axes, trees, the RDAE's last S norm). Restored by the family's `restore`.
 */
export interface DetectorState {
  family: ModelFamily;
  inputSize: number;
  tensors: SavedTensor[];
  extra: unknown;
}

/**
 * One interface for every model and baseline (PyOD's BaseDetector): inputs are already
 * preprocessed rows (windowed families window them themselves); higher scores mean more abnormal.
 */
export interface Detector {
  fit(X: Matrix, options?: FitOptions): Promise<FitReport>;
  /** per-row per-signal squared reconstruction error, n x d; absent where a family has none (trees, classifiers) */
  featureErrors?(X: Matrix): Promise<Matrix>;
  /** per-row anomaly score */
  decisionFunction(X: Matrix): Promise<Float32Array>;
  /** scores a family offers besides its main one (the VAE's negative ELBO, the RDAE's norm of S), per row */
  extraScores?(X: Matrix): Promise<ExtraScore[]>;
  save(): DetectorState;
  dispose(): void;
}

/** The report of a detector fitted in one pass (no epochs). */
export function singlePassReport(startedMs: number, cancelled = false): FitReport {
  return {
    history: { loss: [], valLoss: [] },
    epochsRun: 0,
    bestEpoch: 0,
    stoppedEarly: false,
    cancelled,
    trainSeconds: (performance.now() - startedMs) / 1000,
  };
}
