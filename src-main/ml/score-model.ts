import type { ModelFamily } from '../../shared/domain/model-config';
import type { TrainedModel } from '../jobs/protocol';
import type { Detector } from './detectors/detector';
import type { Tf } from './backend';
import { restoreDetector, scoresAreMeanErrors } from './detectors/registry';
import { rowMeans, type Matrix } from './matrix';
import { applyPreprocessing } from './preprocess/pipeline';

export interface ModelScores {
  scores: Float32Array;
  /** per-row per-signal squared error; null for families without it */
  errors: Matrix | null;
}

/** Scores preprocessed rows; reconstruction families score by the mean error, so E is computed once. */
export async function scoreRows(detector: Detector, family: ModelFamily, X: Matrix): Promise<ModelScores> {
  const errors = detector.featureErrors ? await detector.featureErrors(X) : null;
  const scores = errors && scoresAreMeanErrors(family) ? rowMeans(errors) : await detector.decisionFunction(X);
  return { scores, errors };
}

/** Scores raw rows with a trained model exactly as at training time: its own preprocessing, no refit. */
export async function scoreWithModel(tf: Tf, model: TrainedModel, raw: Matrix): Promise<ModelScores> {
  if (raw.d !== model.preprocessing.signals.length) {
    throw new Error(`the model was trained on ${model.preprocessing.signals.length} signals, the data has ${raw.d}`);
  }
  const X = applyPreprocessing(model.preprocessing, raw);
  const detector = restoreDetector(tf, model.config, model.detector);
  try {
    return await scoreRows(detector, model.config.family, X);
  } finally {
    detector.dispose();
  }
}
