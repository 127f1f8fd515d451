import type { ModelConfig } from '../../../shared/domain/model-config';
import type { Matrix } from '../matrix';
import { applyL2Rows, applyScalerState, fitScalerOf, type FittedScaler } from './scalers';

/** The fitted preprocessing of a model: saved with it and applied unchanged to every row it scores. */
export interface PreprocessingState {
  signals: string[];
  scaler: FittedScaler;
  l2Rows: boolean;
}

type PreprocessingConfig = Pick<ModelConfig, 'scaler' | 'log1pSignals' | 'l2Rows'>;

/** Fits log1p + scaler on the training rows only (validation and test rows never leak into the statistics). */
export function fitPreprocessing(config: PreprocessingConfig, signals: string[], train: Matrix): PreprocessingState {
  if (signals.length !== train.d) throw new Error(`${signals.length} signal names for ${train.d} columns`);
  const log1p = config.log1pSignals.map((name) => {
    const index = signals.indexOf(name);
    if (index < 0) throw new Error(`log1p signal "${name}" is not one of the model's signals`);
    return index;
  });
  return { signals: [...signals], scaler: fitScalerOf(config.scaler, train, { log1p }), l2Rows: config.l2Rows };
}

export function applyPreprocessing(state: PreprocessingState, X: Matrix): Matrix {
  const scaled = applyScalerState(state.scaler, X);
  return state.l2Rows ? applyL2Rows(scaled) : scaled;
}
