import type { Activation, DenseConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';

type Sequential = import('@tensorflow/tfjs').Sequential;

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

/** Adds dense layers of the given widths with the activation (leaky ReLU as its own layer) and dropout. */
export function addDenseStack(
  tf: Tf,
  model: Sequential,
  widths: number[],
  settings: { activation: Activation; dropout: number; seed: number; inputSize?: number },
): void {
  widths.forEach((units, index) => {
    const seed = settings.seed + index;
    model.add(
      tf.layers.dense({
        units,
        inputShape: index === 0 && settings.inputSize !== undefined ? [settings.inputSize] : undefined,
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
        activation: settings.activation === 'leakyRelu' ? 'linear' : settings.activation,
      }),
    );
    if (settings.activation === 'leakyRelu') model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
    if (settings.dropout > 0) model.add(tf.layers.dropout({ rate: settings.dropout, seed }));
  });
}

/** Symmetric MLP with a linear output layer, so standardized signals can be reconstructed on both sides of zero. */
export function buildDenseAutoencoder(
  tf: Tf,
  inputSize: number,
  config: Pick<DenseConfig, 'hiddenLayers' | 'activation' | 'dropout' | 'seed'>,
): Sequential {
  const model = tf.sequential();
  addDenseStack(tf, model, config.hiddenLayers, { ...config, inputSize });
  model.add(
    tf.layers.dense({
      units: inputSize,
      kernelInitializer: tf.initializers.glorotUniform({ seed: config.seed + config.hiddenLayers.length }),
    }),
  );
  return model;
}
