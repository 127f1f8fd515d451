import type { Tf } from '../../backend';
import type { Matrix } from '../../matrix';
import { gatherRows, holdOut, inSlices, type TrainingTask } from '../../train';
import type { DetectorState, SavedTensor } from '../detector';

type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;
type Variable = import('@tensorflow/tfjs').Variable;

/** The variables Adam updates: every trainable weight of a layers model. */
export function trainableVariables(model: LayersModel): Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as Variable);
}

/**
 * A row autoencoder's training task: learn to reproduce each row. Validation is the given rows, or
 * the tail `validationFraction` of X (for time series: the rows after the training rows in time).
 */
export function rowAutoencoderTask(
  tf: Tf,
  model: LayersModel,
  X: Matrix,
  validation: Matrix | null,
  validationFraction: number,
): TrainingTask {
  const parts = holdOut(X.n, validation?.n ?? null, validationFraction);
  const validationData = validation && validation.n > 0 ? validation.data : X.data.subarray(parts.fit * X.d);
  return {
    fitCount: parts.fit,
    validationCount: parts.validation,
    variables: trainableVariables(model),
    loss(indices, split, training) {
      const x = gatherRows(tf, split === 'fit' ? X.data : validationData, X.d, indices);
      const y = model.apply(x, { training }) as Tensor;
      // plain mean: tf.losses' weighted reduction adds six kernel launches to every step
      return tf.mean(tf.squaredDifference(x, y)) as import('@tensorflow/tfjs').Scalar;
    },
  };
}

/** Squared reconstruction error per row and signal, in slices so memory stays flat on large inputs. */
export function reconstructionErrors(tf: Tf, model: LayersModel, X: Matrix): Matrix {
  const data = inSlices(tf, X.n, X.d, (start, rows) => {
    const input = tf.tensor2d(X.data.subarray(start * X.d, (start + rows) * X.d), [rows, X.d]);
    return tf.squaredDifference(model.predict(input) as Tensor, input);
  });
  return { data, n: X.n, d: X.d };
}

export function saveWeights(model: LayersModel): SavedTensor[] {
  return model.getWeights().map((tensor) => ({ shape: [...tensor.shape], data: Float32Array.from(tensor.dataSync()) }));
}

/** Puts saved weights back into a freshly built model of the same shape. */
export function loadWeights(tf: Tf, model: LayersModel, tensors: SavedTensor[]): void {
  const expected = model.getWeights().length;
  if (tensors.length !== expected) throw new Error(`the saved model has ${tensors.length} weight tensors, this architecture ${expected}`);
  const values = tensors.map((tensor) => tf.tensor(tensor.data, tensor.shape));
  model.setWeights(values);
  values.forEach((tensor) => tensor.dispose());
}

export function layersState(family: DetectorState['family'], inputSize: number, model: LayersModel, extra: unknown = null): DetectorState {
  return { family, inputSize, tensors: saveWeights(model), extra };
}
