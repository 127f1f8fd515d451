import type { TrainedModel } from '../jobs/protocol';
import type { Tf } from './backend';
import { restoreDetector, scoresAreMeanErrors } from './detectors/registry';
import { rowMeans, type Matrix } from './matrix';
import { applyPreprocessing } from './preprocess/pipeline';

export interface ModelScores {
  scores: Float32Array;
  /** per-row per-signal squared error; null for families without it */
  errors: Matrix | null;
}

/** Scores raw rows with a trained model exactly as at training time: its own preprocessing, no refit. */
export async function scoreWithModel(tf: Tf, model: TrainedModel, raw: Matrix): Promise<ModelScores> {
  if (raw.d !== model.preprocessing.signals.length) {
    throw new Error(`the model was trained on ${model.preprocessing.signals.length} signals, the data has ${raw.d}`);
  }
  const X = applyPreprocessing(model.preprocessing, raw);
  const detector = restoreDetector(tf, model.config, model.detector);
  try {
    const errors = detector.featureErrors ? await detector.featureErrors(X) : null;
    const scores = errors && scoresAreMeanErrors(model.config.family) ? rowMeans(errors) : await detector.decisionFunction(X);
    return { scores, errors };
  } finally {
    detector.dispose();
  }
}
