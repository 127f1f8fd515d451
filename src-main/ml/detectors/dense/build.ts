import type { Activation, DenseConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';

type Sequential = import('@tensorflow/tfjs').Sequential;
type Tensor = import('@tensorflow/tfjs').Tensor;
type Layer = import('@tensorflow/tfjs').layers.Layer;

/**
 * Dropout whose mask changes every training step yet repeats with the seed. tf.layers.dropout with a
 * seed draws the same mask on every call (so it always drops the same units), and without one it
 * draws from Math.random, so the loss curve would not repeat.
 */
export function seededDropout(tf: Tf, rate: number, seed: number): Layer {
  class SeededDropout extends tf.layers.Layer {
    static readonly className = 'SeededDropout';
    private steps = 0;

    override call(inputs: Tensor | Tensor[], kwargs: { training?: boolean }): Tensor {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (!kwargs.training) return x;
      return tf.dropout(x, rate, undefined, seed * 100_003 + this.steps++);
    }
  }
  return new SeededDropout({});
}

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
    if (settings.dropout > 0) model.add(seededDropout(tf, settings.dropout, seed));
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
