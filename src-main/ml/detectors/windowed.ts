import type { Conv1dConfig, ModelWindow, RecurrentConfig, WindowDenseConfig } from '../../../shared/domain/model-config';
import type { Tf } from '../backend';
import { rowMeans, type Matrix } from '../matrix';
import { holdOut, trainTask, type TrainingTask } from '../train';
import { attributeWindows, gatherWindows, requireRows, windowCount } from '../windows';
import type { Detector, DetectorState, FitOptions, FitReport } from './detector';
import { layersState, loadWeights, trainableVariables } from './dense/run';

type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Scalar = import('@tensorflow/tfjs').Scalar;
type Tensor = import('@tensorflow/tfjs').Tensor;

export type WindowedConfig = WindowDenseConfig | RecurrentConfig | Conv1dConfig;

/** Values per scoring slice (about 16 MB of float32 per tensor), so long windows of many signals stay bounded. */
const scoringSliceValues = 4_000_000;

/**
 * Training task on windows of `length` rows starting every `stride` rows. Validation: the given
 * rows windowed the same way, or (when they give no window) the tail `validationFraction` of the
 * windows, which then share up to length/stride - 1 windows' rows with the last fitted windows.
 */
export function windowAutoencoderTask(
  tf: Tf,
  model: LayersModel,
  X: Matrix,
  validation: Matrix | null,
  config: Pick<WindowedConfig, 'window' | 'validationFraction'>,
): TrainingTask {
  const { length, stride } = config.window;
  const givenWindows = validation ? windowCount(validation.n, length, stride) : 0;
  const parts = holdOut(windowCount(X.n, length, stride), givenWindows > 0 ? givenWindows : null, config.validationFraction);
  const validationSource = givenWindows > 0 ? validation! : X;
  // held-out tail windows are numbered after the fitted ones
  const validationOffset = givenWindows > 0 ? 0 : parts.fit;
  return {
    fitCount: parts.fit,
    validationCount: parts.validation,
    variables: trainableVariables(model),
    loss(indices, split, training) {
      const source = split === 'fit' ? X : validationSource;
      const offset = split === 'fit' ? 0 : validationOffset;
      const starts = Int32Array.from(indices, (index) => (index + offset) * stride);
      const x = gatherWindows(tf, source, starts, length);
      const y = model.apply(x, { training }) as Tensor;
      return tf.mean(tf.squaredDifference(x, y)) as Scalar;
    },
  };
}

/**
 * Per-row per-signal squared error from windows sliding by one row, attributed to rows by the
 * window's rule. Windows are gathered a slice at a time: never an n x length x d copy of X.
 */
export function windowReconstructionErrors(tf: Tf, model: LayersModel, X: Matrix, window: ModelWindow): Matrix {
  requireRows(X, window);
  const sliceWindows = Math.max(1, Math.min(512, Math.floor(scoringSliceValues / (window.length * X.d))));
  return attributeWindows(
    X.n,
    X.d,
    window,
    (first, count) => {
      const starts = Int32Array.from({ length: count }, (_, i) => first + i);
      const errors = tf.tidy(() => {
        const x = gatherWindows(tf, X, starts, window.length);
        return tf.squaredDifference(model.apply(x, { training: false }) as Tensor, x);
      });
      const values = errors.dataSync() as Float32Array;
      errors.dispose();
      return values;
    },
    sliceWindows,
  );
}

/**
 * What the windowed autoencoders (window-dense, LSTM/GRU, Conv1D) share: every model maps
 * [batch, length, d] windows to reconstructions of the same shape, so fitting, scoring, saving and
 * restoring are the same; a family only says how to build its model.
 */
export abstract class WindowedAutoencoder<C extends WindowedConfig> implements Detector {
  private model: LayersModel | null = null;
  private inputSize = 0;

  constructor(
    protected readonly tf: Tf,
    protected readonly config: C,
  ) {}

  protected abstract buildModel(inputSize: number): LayersModel;

  async fit(X: Matrix, options: FitOptions = {}): Promise<FitReport> {
    requireRows(X, this.config.window);
    this.build(X.d);
    const task = windowAutoencoderTask(this.tf, this.model!, X, options.validation ?? null, this.config);
    return trainTask(this.tf, task, this.config, options);
  }

  async featureErrors(X: Matrix): Promise<Matrix> {
    const model = this.trained();
    if (X.d !== this.inputSize) throw new Error(`the model was trained on ${this.inputSize} signals, got ${X.d}`);
    return windowReconstructionErrors(this.tf, model, X, this.config.window);
  }

  async decisionFunction(X: Matrix): Promise<Float32Array> {
    return rowMeans(await this.featureErrors(X));
  }

  save(): DetectorState {
    return layersState(this.config.family, this.inputSize, this.trained());
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }

  /** Rebuilds the model for the saved input size and puts the saved weights back (for `restore`). */
  protected load(state: DetectorState): void {
    if (state.family !== this.config.family) throw new Error(`the saved model is a ${state.family} model, the config a ${this.config.family}`);
    this.build(state.inputSize);
    loadWeights(this.tf, this.model!, state.tensors);
  }

  protected trained(): LayersModel {
    if (!this.model) throw new Error('the autoencoder has not been trained yet');
    return this.model;
  }

  private build(inputSize: number): void {
    this.model?.dispose();
    this.inputSize = inputSize;
    this.model = this.buildModel(inputSize);
  }
}
