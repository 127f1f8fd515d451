import type { ModelConfig } from '../../../shared/domain/model-config';
import { denseParameterCount } from './dense/build';

/** Trainable parameters, counted from the config without building anything (the form shows it live). */
export function parameterCount(config: ModelConfig, inputSize: number): number {
  switch (config.family) {
    case 'dense':
      return denseParameterCount(inputSize, config);
    case 'pca':
    case 'iforest':
      return 0;
    default:
      return 0;
  }
}
