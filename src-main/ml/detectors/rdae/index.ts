import type { RdaeConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';
import { rowMeans, type Matrix } from '../../matrix';
import { inSlices, trainTask } from '../../train';
import type { Detector, DetectorState, ExtraScore, FitOptions, FitProgress, FitReport } from '../detector';
import { buildDenseAutoencoder } from '../dense/build';
import { layersState, loadWeights, reconstructionErrors, rowAutoencoderTask } from '../dense/run';
import { decompose, lambdaFromTypicalGroupNorm, sparseProx, sparseRowNorms } from './admm';

type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;

/** What a saved RDAE keeps besides its weights: a summary of the fit, not S itself (n x d). */
export interface RdaeExtra {
  /** the absolute lambda the fit used (a 'share' config is resolved against the training rows) */
  lambda: number;
  outerIterationsRun: number;
  converged: boolean;
  /** training rows with a nonzero row of S */
  sparseRows: number;
  /** ||S||_F / ||X||_F of the training rows */
  sparseShare: number;
  /** per outer iteration: ||X - L_D - S|| / ||X|| and ||L_S - L_D - S|| / ||X||, the two stopping criteria */
  residuals: { reconstruction: number[]; change: number[] };
}

/**
 * Robust deep autoencoder (DESIGN section 3): X = L_D + S, the dense autoencoder learning L_D and a
 * proximal step putting what it cannot explain into the sparse part S.
 */
export class RobustDeepAutoencoder implements Detector {
  private model: LayersModel | null = null;
  private inputSize = 0;
  private sparse: Matrix | null = null;
  private summary: RdaeExtra | null = null;

  constructor(
    private readonly tf: Tf,
    private readonly config: RdaeConfig,
  ) {}

  /**
   * Each outer iteration trains for innerEpochs through our engine, which makes a fresh Adam per
   * call. We keep that: the weights carry over (warm start), but the target L_D moves between
   * iterations, so moment estimates from the previous target would push along stale directions,
   * and a restarted Adam takes bias-corrected steps of the learning rate's size from the start.
   */
  async fit(X: Matrix, options: FitOptions = {}): Promise<FitReport> {
    const started = performance.now();
    this.build(X.d);
    const model = this.model!;
    const { innerEpochs, outerIterations } = this.config;
    const totalEpochs = innerEpochs * outerIterations;
    const history = { loss: [] as number[], valLoss: [] as number[] };
    let epochsBefore = 0;
    let bestEpoch = 0;

    const progress = (inner: FitProgress): FitProgress => {
      const elapsedMs = performance.now() - started;
      const done = (epochsBefore + inner.epoch - 1) * inner.batches + inner.batch;
      const total = totalEpochs * inner.batches;
      return { ...inner, epoch: epochsBefore + inner.epoch, epochs: totalEpochs, elapsedMs, etaMs: done > 0 ? (elapsedMs / done) * (total - done) : null };
    };

    const lambda = this.config.lambdaScale === 'share' ? lambdaFromTypicalGroupNorm(this.config.norm, X, this.config.lambda) : this.config.lambda;
    const result = await decompose(X, { ...this.config, lambda }, {
      train: async (lowRank, iteration) => {
        const task = rowAutoencoderTask(this.tf, model, lowRank, options.validation ?? null, this.config.validationFraction);
        const report = await trainTask(
          this.tf,
          task,
          // another shuffle order per iteration, still fixed by the seed
          { ...this.config, epochs: innerEpochs, seed: this.config.seed + iteration },
          { isCancelled: options.isCancelled, onProgress: options.onProgress && ((inner) => options.onProgress!(progress(inner))) },
        );
        history.loss.push(...report.history.loss);
        history.valLoss.push(...report.history.valLoss);
        if (report.bestEpoch > 0) bestEpoch = epochsBefore + report.bestEpoch;
        epochsBefore += report.epochsRun;
        return !report.cancelled;
      },
      reconstruct: (lowRank) => this.reconstruct(lowRank),
    });

    this.sparse = result.sparse;
    const sparseNorms = sparseRowNorms(this.config.norm, result.sparse);
    let sparseSquares = 0;
    let squares = 0;
    for (let i = 0; i < X.data.length; i++) {
      sparseSquares += result.sparse.data[i]! ** 2;
      squares += X.data[i]! ** 2;
    }
    this.summary = {
      lambda,
      outerIterationsRun: result.iterations,
      converged: result.converged,
      sparseRows: sparseNorms.filter((norm) => norm > 0).length,
      sparseShare: squares > 0 ? Math.sqrt(sparseSquares / squares) : 0,
      residuals: result.residuals,
    };
    return {
      history,
      epochsRun: epochsBefore,
      bestEpoch,
      stoppedEarly: result.converged && result.iterations < outerIterations,
      cancelled: result.cancelled,
      trainSeconds: (performance.now() - started) / 1000,
    };
  }

  async featureErrors(X: Matrix): Promise<Matrix> {
    return reconstructionErrors(this.tf, this.trained(), X);
  }

  /** Per-row mean squared reconstruction error of the trained autoencoder, as for the other families. */
  async decisionFunction(X: Matrix): Promise<Float32Array> {
    return rowMeans(await this.featureErrors(X));
  }

  /**
   * Per-row norm of S = prox(X - AE(X)) for new rows (see sparseRowNorms). For l21-cols the column
   * groups are the columns of the X given here, so the result depends on which rows are scored together.
   */
  async extraScores(X: Matrix): Promise<ExtraScore[]> {
    return [{ name: 'sparse_norm', values: await this.sparseNorms(X) }];
  }

  async sparseNorms(X: Matrix): Promise<Float32Array> {
    const reconstruction = this.reconstruct(X);
    const residual = new Float32Array(X.data.length);
    for (let i = 0; i < residual.length; i++) residual[i] = X.data[i]! - reconstruction.data[i]!;
    const lambda = this.summary?.lambda ?? this.config.lambda;
    return sparseRowNorms(this.config.norm, sparseProx(this.config.norm, { data: residual, n: X.n, d: X.d }, lambda));
  }

  /** The fitted S of the training rows (n x d); null before fit and after restore (S is not saved). */
  trainingOutliers(): Matrix | null {
    return this.sparse;
  }

  /** A summary of the last fit (or of the saved one after restore); null before either. */
  fitSummary(): RdaeExtra | null {
    return this.summary;
  }

  save(): DetectorState {
    return layersState('rdae', this.inputSize, this.trained(), this.summary);
  }

  static restore(tf: Tf, config: RdaeConfig, state: DetectorState): RobustDeepAutoencoder {
    if (state.family !== 'rdae') throw new Error(`a saved ${state.family} model cannot be restored as a robust deep autoencoder`);
    const detector = new RobustDeepAutoencoder(tf, config);
    detector.build(state.inputSize);
    loadWeights(tf, detector.model!, state.tensors);
    detector.summary = (state.extra as RdaeExtra | null) ?? null;
    return detector;
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
    this.sparse = null;
  }

  /** D(E(X)) in slices. */
  private reconstruct(X: Matrix): Matrix {
    const model = this.trained();
    const data = inSlices(this.tf, X.n, X.d, (start, rows) =>
      model.predict(this.tf.tensor2d(X.data.subarray(start * X.d, (start + rows) * X.d), [rows, X.d])) as Tensor,
    );
    return { data, n: X.n, d: X.d };
  }

  private build(inputSize: number): void {
    this.model?.dispose();
    this.inputSize = inputSize;
    this.sparse = null;
    this.summary = null;
    this.model = buildDenseAutoencoder(this.tf, inputSize, { ...this.config, dropout: 0 });
  }

  private trained(): LayersModel {
    if (!this.model) throw new Error('the robust autoencoder has not been trained yet');
    return this.model;
  }
}
