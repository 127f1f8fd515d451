import type { DenseConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';

/** Layer widths from input to output, e.g. [38, 64, 38] for seed-hpc on 38 signals. */
export function denseLayerWidths(inputSize: number, config: Pick<DenseConfig, 'hiddenLayers'>): number[] {
  return [inputSize, ...config.hiddenLayers, inputSize];
}

export function denseParameterCount(inputSize: number, config: Pick<DenseConfig, 'hiddenLayers'>): number {
  const widths = denseLayerWidths(inputSize, config);
  let count = 0;
  for (let i = 1; i < widths.length; i++) count += widths[i - 1]! * widths[i]! + widths[i]!;
  return count;
}

/** Symmetric MLP with a linear output layer, so standardized signals can be reconstructed on both sides of zero. */
export function buildDenseAutoencoder(tf: Tf, inputSize: number, config: DenseConfig) {
  const model = tf.sequential();
  config.hiddenLayers.forEach((units, index) => {
    const seed = config.seed + index;
    model.add(
      tf.layers.dense({
        units,
        inputShape: index === 0 ? [inputSize] : undefined,
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
        activation: config.activation === 'leakyRelu' ? 'linear' : config.activation,
      }),
    );
    if (config.activation === 'leakyRelu') model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
    if (config.dropout > 0) model.add(tf.layers.dropout({ rate: config.dropout, seed }));
  });
  model.add(
    tf.layers.dense({
      units: inputSize,
      kernelInitializer: tf.initializers.glorotUniform({ seed: config.seed + config.hiddenLayers.length }),
    }),
  );
  model.compile({ optimizer: tf.train.adam(config.learningRate), loss: 'meanSquaredError' });
  return model;
}
