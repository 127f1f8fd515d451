import type { Tf } from '../../backend';

type Tensor1D = import('@tensorflow/tfjs').Tensor1D;
type Tensor2D = import('@tensorflow/tfjs').Tensor2D;

/**
 * KL(N(mu, exp(logVar)) || N(0, I)) in closed form: 0.5 * sum(mu^2 + exp(logVar) - 1 - logVar).
 * Plain numbers, in double precision: the reference the tensor version is tested against.
 */
export function klDivergence(mu: ArrayLike<number>, logVar: ArrayLike<number>): number {
  if (mu.length !== logVar.length) throw new Error(`mu has ${mu.length} values, logVar ${logVar.length}`);
  let sum = 0;
  for (let i = 0; i < mu.length; i++) sum += mu[i]! * mu[i]! + Math.exp(logVar[i]!) - 1 - logVar[i]!;
  return 0.5 * sum;
}

/** The same KL for each row of [n, latent] tensors: one value per row (summed over the latent axis). */
export function klDivergenceRows(tf: Tf, mu: Tensor2D, logVar: Tensor2D): Tensor1D {
  return tf.tidy(() => tf.sum(tf.square(mu).add(tf.exp(logVar)).sub(1).sub(logVar), 1).mul(0.5) as Tensor1D);
}

/**
 * The KL weight of a 1-based epoch: rises linearly from 0 (epoch 1) by beta / annealEpochs per epoch
 * and is beta from epoch annealEpochs + 1 on; annealEpochs 0 uses beta from the start. Starting at 0
 * lets the decoder learn to reconstruct before the prior pulls the codes together (posterior collapse).
 */
export function klWeight(epoch: number, beta: number, annealEpochs: number): number {
  if (annealEpochs <= 0) return beta;
  return beta * Math.min(1, Math.max(0, epoch - 1) / annealEpochs);
}

/** The first epoch trained with the full KL weight: before it the objective changes every epoch, so losses are not comparable. */
export function firstFullWeightEpoch(annealEpochs: number): number {
  return Math.max(0, annealEpochs) + 1;
}
