import type { Tf } from '../../backend';
import type { FitReport } from '../detector';

type Scalar = import('@tensorflow/tfjs').Scalar;
type Tensor = import('@tensorflow/tfjs').Tensor;

export const noAnomaliesMessage =
  "the training rows hold no anomalies: a supervised model needs labelled anomalies in its training rows; untick 'train on rows labelled normal'";

/** The labels a supervised fit was given, checked against the rows they label. */
export function requireLabels(labels: Uint8Array | null | undefined, rows: number, what = 'training'): Uint8Array {
  if (!labels) {
    throw new Error(`this model learns from labels: give a 0/1 label for every ${what} row (choose a label column), or pick an autoencoder`);
  }
  if (labels.length !== rows) throw new Error(`got ${labels.length} labels for ${rows} ${what} rows`);
  return labels;
}

/**
 * Balanced class weights (scikit-learn's class_weight='balanced'): n / (2 * count of the class),
 * so both classes weigh the same in the loss and rare anomalies are not ignored. Throws the
 * user-facing error when the samples hold only one class.
 */
export function balancedClassWeights(sampleLabels: ArrayLike<number>): { normal: number; anomaly: number } {
  let anomalies = 0;
  for (let i = 0; i < sampleLabels.length; i++) if (sampleLabels[i]! > 0) anomalies++;
  const normals = sampleLabels.length - anomalies;
  if (anomalies === 0) throw new Error(noAnomaliesMessage);
  if (normals === 0) {
    throw new Error('the training rows hold only anomalies: a supervised model needs rows labelled normal as well');
  }
  return { normal: sampleLabels.length / (2 * normals), anomaly: sampleLabels.length / (2 * anomalies) };
}

/**
 * Mean of weight * binary cross-entropy, computed from logits for stability:
 * max(z, 0) - z * y + log(1 + exp(-|z|)). `labels` hold 0/1 per sample of the batch.
 */
export function weightedBinaryCrossEntropy(
  tf: Tf,
  logits: Tensor,
  labels: ArrayLike<number>,
  weights: { normal: number; anomaly: number },
): Scalar {
  const y = new Float32Array(labels.length);
  const w = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const anomaly = labels[i]! > 0;
    y[i] = anomaly ? 1 : 0;
    w[i] = anomaly ? weights.anomaly : weights.normal;
  }
  const z = logits.reshape([labels.length]);
  const perSample = tf.relu(z).sub(z.mul(tf.tensor1d(y))).add(tf.log1p(tf.exp(tf.abs(z).neg())));
  return perSample.mul(tf.tensor1d(w)).mean() as Scalar;
}

/** The labels of the listed samples, as a compact array for the loss. */
export function pickLabels(labels: Uint8Array, indices: ArrayLike<number>, offset = 0): Uint8Array {
  return Uint8Array.from({ length: indices.length }, (_, i) => labels[offset + indices[i]!]!);
}

/** One report for two training phases run back to back: epochs, loss curves and time add up. */
export function joinReports(first: FitReport, second: FitReport): FitReport {
  return {
    history: {
      loss: [...first.history.loss, ...second.history.loss],
      valLoss: [...first.history.valLoss, ...second.history.valLoss],
    },
    epochsRun: first.epochsRun + second.epochsRun,
    bestEpoch: first.epochsRun + second.bestEpoch,
    stoppedEarly: second.stoppedEarly,
    cancelled: first.cancelled || second.cancelled,
    trainSeconds: first.trainSeconds + second.trainSeconds,
  };
}
