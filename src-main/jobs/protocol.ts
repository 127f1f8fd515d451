import type { AppErrorShape } from '../../shared/ipc/contract';
import type { BackendInfo } from '../../shared/ipc/app';
import type { ModelConfig } from '../../shared/domain/model-config';
import type { FitProgress, FitReport } from '../ml/detectors/detector';
import type { Matrix } from '../ml/matrix';
import type { ScalerState } from '../ml/preprocess/standard-scaler';

/** Messages between the host and the compute process; typed arrays travel by structured clone. */
export interface TrainJob {
  jobId: string;
  config: ModelConfig;
  /** rows the model learns from (raw values; the scaler is fitted on them) */
  fit: Matrix;
  /** the dataset's validation rows; null lets the model hold out the tail of `fit` (its validationFraction) */
  validation: Matrix | null;
  /** rows to score after training */
  score: Matrix;
}

export interface TrainJobOutput {
  report: FitReport;
  scaler: ScalerState;
  /** per-row score of the fit rows: what threshold rules are computed from */
  fitScores: Float32Array;
  /** each signal's mean squared error over the fit rows: the "typical error" explanations divide by */
  fitSignalMeanError: Float64Array;
  scores: Float32Array;
  /** per-row per-signal squared error of the scored rows */
  errors: Float32Array;
}

export type JobPhase = 'preparing' | 'training' | 'scoring';

export type HostMessage = { type: 'train'; job: TrainJob } | { type: 'cancel'; jobId: string };

export type ComputeMessage =
  | { type: 'ready'; backend: BackendInfo }
  | { type: 'startFailed'; error: AppErrorShape }
  | { type: 'progress'; jobId: string; phase: JobPhase; progress: FitProgress | null }
  | { type: 'done'; jobId: string; ok: true; value: TrainJobOutput }
  | { type: 'done'; jobId: string; ok: false; error: AppErrorShape };
