import type { VaeConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';
import { rowMeans, type Matrix } from '../../matrix';
import { gatherRows, holdOut, inSlices, trainTask, type TrainingTask } from '../../train';
import type { Detector, DetectorState, ExtraScore, FitOptions, FitReport } from '../detector';
import { loadWeights, saveWeights, trainableVariables } from '../dense/run';
import { buildVae, decode, disposeVae, encode, type VaeNetwork } from './build';
import { firstFullWeightEpoch, klDivergenceRows, klWeight } from './kl';

type Scalar = import('@tensorflow/tfjs').Scalar;
type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor2D = import('@tensorflow/tfjs').Tensor2D;

/** A seed for the reparameterisation noise of one batch: the same (seed, epoch, batch) gives the same noise. */
export function noiseSeed(seed: number, epoch: number, batch: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ epoch, 0xc2b2ae35);
  h = Math.imul(h ^ (batch + 0x27d4eb2f), 0x165667b1);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * The VAE's training task. Loss = MSE (per-element mean, as every family reports, so curves compare)
 * + beta_t * KL / d, where KL is the per-sample closed form averaged over the batch. Dividing KL by d
 * puts both terms on the per-element scale: the loss is (sum of squared errors + beta_t * KL) / d per
 * row, so the balance between reconstruction and prior does not change with the number of signals.
 * Training samples z = mu + exp(logVar / 2) * noise; validation uses z = mu, so the early-stopping
 * signal carries no sampling noise.
 */
export function vaeTask(
  tf: Tf,
  network: VaeNetwork,
  X: Matrix,
  validation: Matrix | null,
  config: Pick<VaeConfig, 'validationFraction' | 'beta' | 'annealEpochs' | 'seed'>,
): TrainingTask {
  const parts = holdOut(X.n, validation?.n ?? null, config.validationFraction);
  const validationData = validation && validation.n > 0 ? validation.data : X.data.subarray(parts.fit * X.d);
  // The engine calls loss once per fit batch, in order: counting calls per epoch names the batch.
  let noiseEpoch = 0;
  let batch = 0;
  return {
    fitCount: parts.fit,
    validationCount: parts.validation,
    variables: [...trainableVariables(network.encoder), ...trainableVariables(network.decoder)],
    earlyStoppingFrom: firstFullWeightEpoch(config.annealEpochs),
    loss(indices, split, training, epoch) {
      const x = gatherRows(tf, split === 'fit' ? X.data : validationData, X.d, indices) as Tensor2D;
      const { mu, logVar } = encode(network, x, training);
      let z = mu;
      if (training) {
        if (epoch !== noiseEpoch) [noiseEpoch, batch] = [epoch, 0];
        const noise = tf.randomNormal(mu.shape, 0, 1, 'float32', noiseSeed(config.seed, epoch, batch++));
        z = mu.add(tf.exp(logVar.mul(0.5)).mul(noise));
      }
      const reconstruction = tf.mean(tf.squaredDifference(x, decode(network, z, training))) as Scalar;
      const weight = klWeight(epoch, config.beta, config.annealEpochs);
      if (weight === 0) return reconstruction;
      return reconstruction.add(klDivergenceRows(tf, mu, logVar).mean().mul(weight / X.d));
    },
  };
}

/** Variational autoencoder (DESIGN section 3): scores by the reconstruction of the posterior mean. */
export class VariationalAutoencoder implements Detector {
  private network: VaeNetwork | null = null;
  private inputSize = 0;

  constructor(
    private readonly tf: Tf,
    private readonly config: VaeConfig,
  ) {}

  async fit(X: Matrix, options: FitOptions = {}): Promise<FitReport> {
    this.build(X.d);
    const task = vaeTask(this.tf, this.network!, X, options.validation ?? null, this.config);
    return trainTask(this.tf, task, this.config, options);
  }

  /** Squared error of decoder(mu) per row and signal: deterministic, no sampling. */
  async featureErrors(X: Matrix): Promise<Matrix> {
    const network = this.trained();
    const data = inSlices(this.tf, X.n, X.d, (start, rows) => {
      const x = this.rowsOf(X, start, rows);
      return this.tf.squaredDifference(decode(network, encode(network, x, false).mu, false), x);
    });
    return { data, n: X.n, d: X.d };
  }

  async decisionFunction(X: Matrix): Promise<Float32Array> {
    return rowMeans(await this.featureErrors(X));
  }

  /**
   * Per row: mean squared error of decoder(mu) + KL / d, the training loss's normalisation with the
   * KL weight 1 (the ELBO itself rather than the beta-weighted objective). Deterministic (z = mu).
   */
  async extraScores(X: Matrix): Promise<ExtraScore[]> {
    return [{ name: 'negative_elbo', values: await this.negativeElbo(X) }];
  }

  async negativeElbo(X: Matrix): Promise<Float32Array> {
    const network = this.trained();
    const tf = this.tf;
    return inSlices(tf, X.n, 1, (start, rows) => {
      const x = this.rowsOf(X, start, rows);
      const { mu, logVar } = encode(network, x, false);
      const meanSquared = tf.mean(tf.squaredDifference(decode(network, mu, false), x), 1);
      return meanSquared.add(klDivergenceRows(tf, mu, logVar).div(X.d)) as Tensor;
    });
  }

  /** Weights in build order: the encoder's, then the decoder's. */
  save(): DetectorState {
    const network = this.trained();
    return { family: 'vae', inputSize: this.inputSize, tensors: [...saveWeights(network.encoder), ...saveWeights(network.decoder)], extra: null };
  }

  static restore(tf: Tf, config: VaeConfig, state: DetectorState): VariationalAutoencoder {
    if (state.family !== 'vae') throw new Error(`a saved ${state.family} model cannot be restored as a VAE`);
    const detector = new VariationalAutoencoder(tf, config);
    detector.build(state.inputSize);
    const network = detector.network!;
    const encoderCount = network.encoder.getWeights().length;
    loadWeights(tf, network.encoder, state.tensors.slice(0, encoderCount));
    loadWeights(tf, network.decoder, state.tensors.slice(encoderCount));
    return detector;
  }

  dispose(): void {
    disposeVae(this.network);
    this.network = null;
  }

  private rowsOf(X: Matrix, start: number, rows: number): Tensor2D {
    return this.tf.tensor2d(X.data.subarray(start * X.d, (start + rows) * X.d), [rows, X.d]);
  }

  private build(inputSize: number): void {
    disposeVae(this.network);
    this.inputSize = inputSize;
    this.network = buildVae(this.tf, inputSize, this.config);
  }

  private trained(): VaeNetwork {
    if (!this.network) throw new Error('the VAE has not been trained yet');
    return this.network;
  }
}
