import { isNeural, windowOf, type ModelConfig } from '../../shared/domain/model-config';
import { windowCount } from './windows';

/** Epochs of a whole training run, counting every phase. */
export function totalEpochs(config: ModelConfig): number | null {
  if (config.family === 'rdae') return config.outerIterations * config.innerEpochs;
  if (config.family === 'ae-classifier') return config.epochs + config.headEpochs;
  return isNeural(config) ? config.epochs : null;
}

/** Training samples per epoch: rows, or windows at the training stride. */
export function samplesPerEpoch(config: ModelConfig, trainingRows: number): number {
  const window = windowOf(config);
  const held = isNeural(config) ? Math.floor(trainingRows * config.validationFraction) : 0;
  const rows = trainingRows - held;
  return window ? windowCount(rows, window.length, window.stride) : rows;
}
