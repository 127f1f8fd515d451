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
  /** polled between batches; training stops within one batch once it returns true */
  isCancelled?: () => boolean;
  /** held-out rows for early stopping; without them the model holds out the tail of X */
  validation?: Matrix | null;
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

/**
 * One interface for every model and baseline (PyOD's BaseDetector): inputs are already
 * preprocessed; higher scores mean more abnormal.
 */
export interface Detector {
  fit(X: Matrix, options?: FitOptions): Promise<FitReport>;
  /** per-row per-signal squared reconstruction error, n x d */
  featureErrors(X: Matrix): Promise<Matrix>;
  /** per-row anomaly score */
  decisionFunction(X: Matrix): Promise<Float32Array>;
  dispose(): void;
}
