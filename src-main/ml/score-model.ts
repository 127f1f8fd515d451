import { AppError } from '../../shared/errors';
import { windowOf, type ModelConfig } from '../../shared/domain/model-config';
import { errorCodes } from '../../shared/ipc/contract';
import type { TrainedModel } from '../jobs/protocol';
import type { Tf } from './backend';
import type { Detector, ExtraScore } from './detectors/detector';
import { restoreDetector, scoresAreMeanErrors } from './detectors/registry';
import { rowMeans, type Matrix } from './matrix';
import { applyPreprocessing } from './preprocess/pipeline';
import { finishScores } from './scoring';

export interface ModelScores {
  /** the model's own score per row (mean squared error for reconstruction families), before the config's scoring */
  scores: Float32Array;
  /** per-row per-signal squared error; null for families without it */
  errors: Matrix | null;
}

export interface ScoreControl {
  /** polled between chunks: scoring stops with a CANCELLED error within about a quarter second */
  isCancelled?: () => boolean;
  onProgress?: (rowsDone: number, rows: number) => void;
  /** a fixed chunk size; by default chunks start at 1024 rows and are sized to take about a quarter second */
  chunkRows?: number;
}

/** Time one scoring chunk should take: short enough for a prompt cancel, long enough that chunking costs nothing. */
const chunkTargetMs = 250;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Scores preprocessed rows chunk by chunk, with progress and cancel: scoring an LSTM over a long file
 * takes minutes. A windowed model's chunk carries the rows its windows reach beyond the chunk (length
 * - 1 before; as many after for 'mean' attribution), so every row gets exactly the value that scoring
 * the whole file at once gives. Reconstruction families score by the mean error, so E is computed once.
 */
export async function scoreRows(detector: Detector, config: ModelConfig, X: Matrix, control: ScoreControl = {}): Promise<ModelScores> {
  const window = windowOf(config);
  const before = window ? window.length - 1 : 0;
  const after = window?.attribution === 'mean' ? window.length - 1 : 0;
  const meanError = scoresAreMeanErrors(config.family);
  const scores = new Float32Array(X.n);
  const errors = detector.featureErrors ? new Float32Array(X.n * X.d) : null;
  let chunkRows = control.chunkRows ?? 1024;
  for (let start = 0; start < X.n; ) {
    const end = Math.min(X.n, start + chunkRows);
    const from = Math.max(0, start - before);
    const to = Math.min(X.n, end + after);
    const part: Matrix = { data: X.data.subarray(from * X.d, to * X.d), n: to - from, d: X.d };
    const started = performance.now();
    const partErrors = detector.featureErrors ? await detector.featureErrors(part) : null;
    const partScores = partErrors && meanError ? rowMeans(partErrors) : await detector.decisionFunction(part);
    scores.set(partScores.subarray(start - from, end - from), start);
    if (errors && partErrors) errors.set(partErrors.data.subarray((start - from) * X.d, (end - from) * X.d), start * X.d);
    control.onProgress?.(end, X.n);
    const tookMs = Math.max(1, performance.now() - started);
    if (control.chunkRows === undefined) chunkRows = Math.min(1 << 16, Math.max(64, Math.round((chunkRows * chunkTargetMs) / tookMs)));
    start = end;
    await yieldToEventLoop();
    if (control.isCancelled?.()) throw new AppError(errorCodes.cancelled, 'scoring was cancelled');
  }
  return { scores, errors: errors ? { data: errors, n: X.n, d: X.d } : null };
}

/**
 * The scores a user sees: the config's scoring (normalised by the training rows' typical errors,
 * smoothed over time) applied to the model's own. A classifier's score is a probability, not a
 * mean error, so there is nothing to normalise even where it gives errors per signal.
 */
export function finishModelScores(model: TrainedModel, modelScores: ModelScores): Float32Array {
  const errors = scoresAreMeanErrors(model.config.family) ? modelScores.errors : null;
  return finishScores(modelScores.scores, errors, model.typicalError, model.config.scoring);
}

/** Scores raw rows with a trained model exactly as at training time: its own preprocessing, no refit, the same scoring. */
export async function scoreWithModel(
  tf: Tf,
  model: TrainedModel,
  raw: Matrix,
  control: ScoreControl = {},
): Promise<ModelScores & { extraScores: ExtraScore[] }> {
  if (raw.d !== model.preprocessing.signals.length) {
    throw new Error(`the model was trained on ${model.preprocessing.signals.length} signals, the data has ${raw.d}`);
  }
  const X = applyPreprocessing(model.preprocessing, raw);
  const detector = restoreDetector(tf, model.config, model.detector);
  try {
    const modelScores = await scoreRows(detector, model.config, X, control);
    const extraScores = detector.extraScores ? await detector.extraScores(X) : [];
    return { scores: finishModelScores(model, modelScores), errors: modelScores.errors, extraScores };
  } finally {
    detector.dispose();
  }
}
