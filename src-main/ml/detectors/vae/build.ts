import type { VaeConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';
import { addDenseStack } from '../dense/build';

type Sequential = import('@tensorflow/tfjs').Sequential;
type Tensor2D = import('@tensorflow/tfjs').Tensor2D;

type VaeShape = Pick<VaeConfig, 'encoderLayers' | 'latentSize'>;

/**
 * Encoder widths from input to output. The last layer is one linear dense of 2 * latentSize whose
 * halves are mu and log var: the same parameters as two separate heads, in one Sequential model.
 */
export function vaeEncoderWidths(inputSize: number, config: VaeShape): number[] {
  return [inputSize, ...config.encoderLayers, 2 * config.latentSize];
}

/** Decoder widths: latent -> the encoder's hidden layers reversed -> input (linear output). */
export function vaeDecoderWidths(inputSize: number, config: VaeShape): number[] {
  return [config.latentSize, ...[...config.encoderLayers].reverse(), inputSize];
}

function denseChainParameters(widths: number[]): number {
  let count = 0;
  for (let i = 1; i < widths.length; i++) count += widths[i - 1]! * widths[i]! + widths[i]!;
  return count;
}

export function vaeParameterCount(inputSize: number, config: VaeShape): number {
  return denseChainParameters(vaeEncoderWidths(inputSize, config)) + denseChainParameters(vaeDecoderWidths(inputSize, config));
}

export interface VaeNetwork {
  /** input -> [mu | logVar], 2 * latentSize linear outputs */
  encoder: Sequential;
  /** latent code -> reconstruction, linear output */
  decoder: Sequential;
  latentSize: number;
}

export function buildVae(
  tf: Tf,
  inputSize: number,
  config: Pick<VaeConfig, 'encoderLayers' | 'latentSize' | 'activation' | 'seed'>,
): VaeNetwork {
  const hidden = config.encoderLayers;
  const encoder = tf.sequential();
  addDenseStack(tf, encoder, hidden, { activation: config.activation, dropout: 0, seed: config.seed, inputSize });
  encoder.add(
    tf.layers.dense({
      units: 2 * config.latentSize,
      inputShape: hidden.length === 0 ? [inputSize] : undefined,
      kernelInitializer: tf.initializers.glorotUniform({ seed: config.seed + hidden.length }),
    }),
  );
  // Decoder seeds continue after the encoder's, so no two layers start from the same weights.
  const decoderSeed = config.seed + hidden.length + 1;
  const reversed = [...hidden].reverse();
  const decoder = tf.sequential();
  addDenseStack(tf, decoder, reversed, { activation: config.activation, dropout: 0, seed: decoderSeed, inputSize: config.latentSize });
  decoder.add(
    tf.layers.dense({
      units: inputSize,
      inputShape: reversed.length === 0 ? [config.latentSize] : undefined,
      kernelInitializer: tf.initializers.glorotUniform({ seed: decoderSeed + reversed.length }),
    }),
  );
  return { encoder, decoder, latentSize: config.latentSize };
}

/** The posterior's mean and log variance for a batch of rows. */
export function encode(network: VaeNetwork, x: Tensor2D, training: boolean): { mu: Tensor2D; logVar: Tensor2D } {
  const k = network.latentSize;
  const out = network.encoder.apply(x, { training }) as Tensor2D;
  return { mu: out.slice([0, 0], [-1, k]), logVar: out.slice([0, k], [-1, k]) };
}

export function decode(network: VaeNetwork, z: Tensor2D, training: boolean): Tensor2D {
  return network.decoder.apply(z, { training }) as Tensor2D;
}

export function disposeVae(network: VaeNetwork | null): void {
  network?.encoder.dispose();
  network?.decoder.dispose();
}
