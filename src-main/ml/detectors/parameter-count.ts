import type { ModelConfig } from '../../../shared/domain/model-config';
import { conv1dParameterCount } from './conv1d/build';
import { denseParameterCount } from './dense/build';
import { recurrentParameterCount } from './recurrent/build';
import { aeClassifierParameterCount } from './supervised/ae-classifier';
import { clstmParameterCount } from './supervised/clstm';
import { vaeParameterCount } from './vae/build';
import { windowDenseParameterCount } from './window-dense/build';

/** Trainable parameters, counted from the config without building anything (the form shows it live). */
export function parameterCount(config: ModelConfig, inputSize: number): number {
  switch (config.family) {
    case 'dense':
    case 'rdae':
      return denseParameterCount(inputSize, config);
    case 'window-dense':
      return windowDenseParameterCount(inputSize, config);
    case 'lstm':
    case 'gru':
      return recurrentParameterCount(inputSize, config);
    case 'conv1d':
      return conv1dParameterCount(inputSize, config);
    case 'vae':
      return vaeParameterCount(inputSize, config);
    case 'ae-classifier':
      return aeClassifierParameterCount(inputSize, config);
    case 'clstm':
      return clstmParameterCount(inputSize, config);
    case 'pca':
    case 'iforest':
      // fitted, not trained: PCA keeps components x signals numbers, a forest its trees
      return 0;
  }
}
