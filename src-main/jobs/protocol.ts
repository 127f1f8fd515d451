import type { AppErrorShape } from '../../shared/ipc/contract';
import type { BackendInfo } from '../../shared/ipc/app';
import type { ModelConfig } from '../../shared/domain/model-config';
import type { SynthesizeRequest } from '../../shared/ipc/datasets';
import type { SynthFiles, SynthProgress } from '../data/synth-files';
import type { DetectorState, ExtraScore, FitProgress, FitReport } from '../ml/detectors/detector';
import type { ProbeOutcome } from '../ml/backend';
import type { Matrix } from '../ml/matrix';
import type { PreprocessingState } from '../ml/preprocess/pipeline';

/** Messages between the host and the compute process; typed arrays travel by structured clone. */
export interface TrainJob {
  jobId: string;
  config: ModelConfig;
  /** column names of the matrices, in order (log1p choices name signals) */
  signals: string[];
  /** rows the model learns from (raw values; preprocessing is fitted on them) */
  fit: Matrix;
  /** 0/1 per fit row when a label column is chosen (supervised families need it) */
  fitLabels: Uint8Array | null;
  /** the dataset's validation rows; null lets the model hold out the tail of `fit` (its validationFraction) */
  validation: Matrix | null;
  validationLabels: Uint8Array | null;
  /** rows to score after training */
  score: Matrix;
}

/** A trained model as data: config, fitted preprocessing and detector state. Enough to score again. */
export interface TrainedModel {
  config: ModelConfig;
  preprocessing: PreprocessingState;
  detector: DetectorState;
  /** each signal's mean squared error over the training rows, which normalised scores divide by; null without per-signal errors */
  typicalError: number[] | null;
}

export interface TrainJobOutput {
  report: FitReport;
  model: TrainedModel;
  /** per-row score of the fit rows, finished like `scores`: what threshold rules are computed from */
  fitScores: Float32Array;
  /** share of the fit rows labelled anomalous; null without labels (a supervised model's threshold depends on it) */
  fitAnomalyShare: number | null;
  /** each signal's mean squared error over the fit rows: the "typical error" explanations divide by; null without per-signal errors */
  fitSignalMeanError: Float64Array | null;
  /** per-row score of the scored rows, normalised and smoothed by the config's scoring */
  scores: Float32Array;
  /** per-row per-signal squared error of the scored rows; null for families without it (trees, classifiers) */
  errors: Float32Array | null;
  /** a family's other scores of the scored rows (negative ELBO, norm of S) */
  extraScores: ExtraScore[];
}

/** Rows to score with a saved model, without training: the raw values of the model's signals, in its order. */
export interface ScoreJob {
  jobId: string;
  model: TrainedModel;
  rows: Matrix;
}

/** The scored rows, finished as a training job finishes its own: the same fields of TrainJobOutput. */
export type ScoreJobOutput = Pick<TrainJobOutput, 'scores' | 'errors' | 'extraScores'>;

/** What the model form asks before training: a measured epoch time on this machine's backend. */
export interface EstimateRequest {
  requestId: string;
  config: ModelConfig;
  inputSize: number;
  /** rows the split gives for training */
  trainingRows: number;
}

export interface Estimate {
  /** measured time of one epoch at the config's batch size; null for families without epochs */
  epochMs: number | null;
  /** epochs of the whole training, counting every phase (RDAE outer x inner, classifier head) */
  epochs: number | null;
}

/** A synthetic dataset to generate and write: the host stays free while it is made (20M cells take seconds). */
export interface SynthJob {
  jobId: string;
  request: SynthesizeRequest;
  /** where the CSV goes; its truth file is written beside it */
  csvPath: string;
}

export type JobPhase = 'preparing' | 'training' | 'scoring';

export type JobKind = 'train' | 'score' | 'synth';

export type HostMessage =
  | { type: 'train'; job: TrainJob }
  | { type: 'score'; job: ScoreJob }
  | { type: 'synth'; job: SynthJob }
  | { type: 'cancel'; jobId: string }
  | { type: 'estimate'; request: EstimateRequest };

export type ComputeMessage =
  | { type: 'ready'; backend: BackendInfo }
  | { type: 'startFailed'; error: AppErrorShape }
  /** a probe process (started with `--probe <rung>`) tried its one backend and waits to be stopped */
  | { type: 'probed'; outcome: ProbeOutcome }
  /** rssBytes: the compute process's resident memory, which the status bar shows while a job runs */
  | { type: 'progress'; jobId: string; phase: JobPhase; progress: FitProgress | null; rssBytes: number }
  | { type: 'synthProgress'; jobId: string; progress: SynthProgress; rssBytes: number }
  | { type: 'done'; jobId: string; ok: true; value: TrainJobOutput | ScoreJobOutput | SynthFiles }
  | { type: 'done'; jobId: string; ok: false; error: AppErrorShape }
  | { type: 'estimated'; requestId: string; ok: true; value: Estimate }
  | { type: 'estimated'; requestId: string; ok: false; error: AppErrorShape };
