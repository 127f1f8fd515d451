import type { RecurrentConfig } from '../../../../shared/domain/model-config';
import { mulberry32 } from '../../../../shared/random';
import type { Tf } from '../../backend';
import { fastGru, fastLstm } from './fast-recurrent';

type Sequential = import('@tensorflow/tfjs').Sequential;

type RecurrentShape = Pick<RecurrentConfig, 'family' | 'encoderUnits'>;

/** Weight blocks per recurrent layer: LSTM has input, forget, cell and output gates; GRU (tfjs: no reset_after) update, reset and candidate. */
function gatesOf(family: RecurrentConfig['family']): number {
  return family === 'lstm' ? 4 : 3;
}

/** Units of every recurrent layer in order: the encoder, then the decoder mirroring it from the latent size up. */
export function recurrentLayerUnits(config: Pick<RecurrentConfig, 'encoderUnits'>): number[] {
  return [...config.encoderUnits, ...[...config.encoderUnits].reverse()];
}

export function recurrentParameterCount(inputSize: number, config: RecurrentShape): number {
  const gates = gatesOf(config.family);
  let inputs = inputSize;
  let count = 0;
  for (const units of recurrentLayerUnits(config)) {
    // kernel [inputs, gates*units], recurrent kernel [units, gates*units], bias [gates*units]
    count += gates * (units * (inputs + units) + units);
    inputs = units;
  }
  return count + inputs * inputSize + inputSize;
}

/**
 * A rows x cols matrix whose rows or columns (whichever are fewer) are orthonormal: Keras'
 * Orthogonal initializer (QR of a Gaussian matrix, R's diagonal made positive), computed here by
 * modified Gram-Schmidt from a seeded generator. Why not tf.initializers.orthogonal: its QR runs as
 * hundreds of small tensor ops (0.3 s for 64 units, 7 s for 256 on wasm) and warns above 2000 values.
 */
export function seededOrthogonal(rows: number, cols: number, seed: number): Float32Array {
  const tall = Math.max(rows, cols);
  const wide = Math.min(rows, cols);
  const uniform = mulberry32(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const columns = Array.from({ length: wide }, () => Float64Array.from({ length: tall }, gaussian));
  columns.forEach((column, j) => {
    for (let i = 0; i < j; i++) {
      const previous = columns[i]!;
      let dot = 0;
      for (let r = 0; r < tall; r++) dot += previous[r]! * column[r]!;
      for (let r = 0; r < tall; r++) column[r]! -= dot * previous[r]!;
    }
    let norm = 0;
    for (let r = 0; r < tall; r++) norm += column[r]! * column[r]!;
    norm = Math.sqrt(norm);
    for (let r = 0; r < tall; r++) column[r]! /= norm;
  });
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = rows >= cols ? columns[c]![r]! : columns[r]![c]!;
  }
  return out;
}

type RecurrentLayer = import('@tensorflow/tfjs').layers.Layer;

/**
 * Keras' initialisation of a recurrent layer built with a zeros recurrent initializer: a seeded
 * orthogonal recurrent kernel and, for an LSTM, a forget-gate bias of 1 (Keras' unit_forget_bias,
 * which keeps early gradients flowing through time; tfjs' own option leaks 4 tensors per layer).
 */
export function seedRecurrentWeights(tf: Tf, layer: RecurrentLayer, cell: 'lstm' | 'gru', units: number, seed: number): void {
  const gates = gatesOf(cell);
  const weightNamed = (suffix: string) => {
    const weight = layer.weights.find((candidate) => candidate.originalName.endsWith(suffix));
    if (!weight) throw new Error(`no ${suffix} in layer ${layer.name}`);
    return weight;
  };
  const recurrentKernel = tf.tensor2d(seededOrthogonal(units, gates * units, seed), [units, gates * units]);
  weightNamed('/recurrent_kernel').write(recurrentKernel);
  recurrentKernel.dispose();
  if (cell === 'lstm') {
    const bias = tf.tensor1d(Float32Array.from({ length: 4 * units }, (_, i) => (i >= units && i < 2 * units ? 1 : 0)));
    weightNamed('/bias').write(bias);
    bias.dispose();
  }
}

/**
 * Sequence autoencoder: encoder RNN layers (the last returns only its final state: the latent
 * vector), that vector repeated over the window, mirrored decoder RNN layers returning sequences,
 * and a linear dense layer from the last decoder state to the d signals at every step.
 */
export function buildRecurrentAutoencoder(
  tf: Tf,
  inputSize: number,
  config: RecurrentShape & Pick<RecurrentConfig, 'window' | 'seed'>,
): Sequential {
  const length = config.window.length;
  const encoderLayers = config.encoderUnits.length;
  const model = tf.sequential();
  const recurrentLayers: { units: number; layer: RecurrentLayer }[] = [];
  recurrentLayerUnits(config).forEach((units, index) => {
    if (index === encoderLayers) model.add(tf.layers.repeatVector({ n: length }));
    const settings = {
      units,
      returnSequences: index !== encoderLayers - 1,
      inputShape: index === 0 ? [length, inputSize] : undefined,
      kernelInitializer: tf.initializers.glorotUniform({ seed: config.seed + 2 * index }),
      // overwritten below by seededOrthogonal; zeros costs nothing to initialise
      recurrentInitializer: tf.initializers.zeros(),
    };
    const layer = config.family === 'lstm' ? fastLstm(tf, settings) : fastGru(tf, settings);
    model.add(layer);
    recurrentLayers.push({ units, layer });
  });
  recurrentLayers.forEach(({ units, layer }, index) => seedRecurrentWeights(tf, layer, config.family, units, config.seed + 2 * index + 1));
  // Dense on [batch, length, units] acts on the last axis: TimeDistributed(Dense) in one matMul
  // instead of tfjs' TimeDistributed loop of one matMul per step
  model.add(
    tf.layers.dense({
      units: inputSize,
      kernelInitializer: tf.initializers.glorotUniform({ seed: config.seed + 2 * recurrentLayers.length }),
    }),
  );
  return model;
}
