import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../shared/random';
import { loadBackend, type Tf } from '../../backend';
import { fastGru, fastLstm } from './fast-recurrent';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadBackend('auto')).tf;
});

type Tensor = import('@tensorflow/tfjs').Tensor;

describe('fast recurrent layers', () => {
  it.each([
    ['LSTM', true],
    ['LSTM', false],
    ['GRU', true],
    ['GRU', false],
  ] as const)('%s computes what tfjs computes with sigmoid gates (returnSequences %s), values and gradients', (cell, returnSequences) => {
    const random = mulberry32(5);
    const [steps, features, units] = [7, 3, 4];
    const settings = { units, returnSequences, inputShape: [steps, features], kernelInitializer: tf.initializers.zeros() };
    const ours = tf.sequential({ layers: [cell === 'LSTM' ? fastLstm(tf, settings) : fastGru(tf, settings)] });
    const referenceSettings = { units, returnSequences, inputShape: [steps, features], recurrentActivation: 'sigmoid' as const };
    const reference = tf.sequential({ layers: [cell === 'LSTM' ? tf.layers.lstm(referenceSettings) : tf.layers.gru(referenceSettings)] });
    // the same weights in both, in the same order: kernel, recurrent kernel, bias
    const weights = reference.getWeights().map((weight) => tf.tensor(Float32Array.from({ length: weight.size }, () => random() - 0.5), weight.shape));
    ours.setWeights(weights);
    reference.setWeights(weights);
    const x = tf.tensor3d(Float32Array.from({ length: 2 * steps * features }, () => 2 * random() - 1), [2, steps, features]);
    const expected = (reference.apply(x) as Tensor).arraySync() as number[][];
    const actual = (ours.apply(x) as Tensor).arraySync() as number[][];
    expect(actual.flat(2)).toHaveLength(expected.flat(2).length);
    actual.flat(2).forEach((value, i) => expect(value).toBeCloseTo(expected.flat(2)[i] as number, 5));

    const gradientsOf = (model: import('@tensorflow/tfjs').Sequential) =>
      tf.tidy(() => {
        const variables = model.trainableWeights.map((weight) => weight.read() as import('@tensorflow/tfjs').Variable);
        const { grads } = tf.variableGrads(() => (model.apply(x, { training: true }) as Tensor).square().sum() as import('@tensorflow/tfjs').Scalar, variables);
        return variables.map((variable) => Array.from(grads[variable.name]!.dataSync()));
      });
    const ourGradients = gradientsOf(ours);
    const referenceGradients = gradientsOf(reference);
    ourGradients.forEach((gradient, w) => gradient.forEach((value, i) => expect(value).toBeCloseTo(referenceGradients[w]![i]!, 4)));
    tf.dispose([x, ...weights]);
    ours.dispose();
    reference.dispose();
  });
});
