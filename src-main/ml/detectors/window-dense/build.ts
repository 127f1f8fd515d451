import type { WindowDenseConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';
import { addDenseStack, denseParameterCount } from '../dense/build';

type Sequential = import('@tensorflow/tfjs').Sequential;

/** The dense autoencoder's count on length x signals inputs: flatten and reshape add no weights. */
export function windowDenseParameterCount(inputSize: number, config: Pick<WindowDenseConfig, 'hiddenLayers' | 'window'>): number {
  return denseParameterCount(config.window.length * inputSize, config);
}

/**
 * [length, d] windows flattened to length*d inputs, the symmetric MLP of the dense family and a
 * linear output reshaped back to [length, d], so every windowed family maps a window to a window.
 */
export function buildWindowDenseAutoencoder(
  tf: Tf,
  inputSize: number,
  config: Pick<WindowDenseConfig, 'hiddenLayers' | 'activation' | 'dropout' | 'seed' | 'window'>,
): Sequential {
  const length = config.window.length;
  const flatSize = length * inputSize;
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [length, inputSize] }));
  addDenseStack(tf, model, config.hiddenLayers, { activation: config.activation, dropout: config.dropout, seed: config.seed });
  model.add(
    tf.layers.dense({
      units: flatSize,
      kernelInitializer: tf.initializers.glorotUniform({ seed: config.seed + config.hiddenLayers.length }),
    }),
  );
  model.add(tf.layers.reshape({ targetShape: [length, inputSize] }));
  return model;
}
