import type { Activation, Conv1dConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';

type Sequential = import('@tensorflow/tfjs').Sequential;

type ConvShape = Pick<Conv1dConfig, 'filters' | 'kernelSize'>;

/** Channels from the input through every conv layer to the output: d, encoder filters, mirrored decoder filters, d. */
export function conv1dChannels(inputSize: number, config: Pick<Conv1dConfig, 'filters'>): number[] {
  return [inputSize, ...config.filters, ...[...config.filters].reverse(), inputSize];
}

export function conv1dParameterCount(inputSize: number, config: ConvShape): number {
  const channels = conv1dChannels(inputSize, config);
  let count = 0;
  for (let i = 1; i < channels.length; i++) count += config.kernelSize * channels[i - 1]! * channels[i]! + channels[i]!;
  return count;
}

/** Each encoder layer halves the time axis and each decoder layer doubles it back, so the window must divide evenly. */
export function requirePoolableWindow(length: number, layers: number): void {
  const factor = 2 ** layers;
  if (length % factor !== 0) {
    throw new Error(
      `a Conv1D autoencoder with ${layers} pooling layer${layers === 1 ? '' : 's'} needs a window length divisible by ${factor}, got ${length}`,
    );
  }
}

/**
 * Conv/max-pool encoder, upsample/conv decoder: per filter entry conv1d (same padding) + max-pool 2;
 * mirrored, upsample 2 + conv1d; then a linear conv1d back to the d signals.
 */
export function buildConv1dAutoencoder(
  tf: Tf,
  inputSize: number,
  config: ConvShape & Pick<Conv1dConfig, 'activation' | 'window' | 'seed'>,
): Sequential {
  const length = config.window.length;
  requirePoolableWindow(length, config.filters.length);
  const channels = conv1dChannels(inputSize, config);
  const encoderLayers = config.filters.length;
  const model = tf.sequential();
  let steps = length;
  for (let i = 1; i < channels.length; i++) {
    const isOutput = i === channels.length - 1;
    if (i > encoderLayers && !isOutput) {
      addUpSampling1d(tf, model, steps, channels[i - 1]!);
      steps *= 2;
    }
    addConv1d(tf, model, {
      filters: channels[i]!,
      kernelSize: config.kernelSize,
      activation: isOutput ? null : config.activation,
      seed: config.seed + i - 1,
      inputShape: i === 1 ? [length, inputSize] : undefined,
    });
    if (i <= encoderLayers) {
      model.add(tf.layers.maxPooling1d({ poolSize: 2 }));
      steps /= 2;
    }
  }
  return model;
}

function addConv1d(
  tf: Tf,
  model: Sequential,
  settings: { filters: number; kernelSize: number; activation: Activation | null; seed: number; inputShape?: number[] },
): void {
  model.add(
    tf.layers.conv1d({
      filters: settings.filters,
      kernelSize: settings.kernelSize,
      padding: 'same',
      // leaky ReLU is its own layer in tfjs; null means the linear output layer
      activation: settings.activation === null || settings.activation === 'leakyRelu' ? 'linear' : settings.activation,
      kernelInitializer: tf.initializers.glorotUniform({ seed: settings.seed }),
      inputShape: settings.inputShape,
    }),
  );
  if (settings.activation === 'leakyRelu') model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
}

/** tfjs has no UpSampling1D: [steps, c] -> [steps, 1, c], nearest-neighbour doubling of the first axis, -> [2 steps, c]. */
function addUpSampling1d(tf: Tf, model: Sequential, steps: number, channels: number): void {
  model.add(tf.layers.reshape({ targetShape: [steps, 1, channels] }));
  model.add(tf.layers.upSampling2d({ size: [2, 1] }));
  model.add(tf.layers.reshape({ targetShape: [2 * steps, channels] }));
}
