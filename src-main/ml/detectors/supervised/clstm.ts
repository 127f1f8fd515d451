import type { ClstmConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';
import { seedRecurrentWeights } from '../recurrent/build';
import { fastLstm } from '../recurrent/fast-recurrent';
import type { Matrix } from '../../matrix';
import { holdOut, inSlices, trainTask, type TrainingTask } from '../../train';
import { attributeWindowScores, gatherWindows, requireRows, windowCount, windowStarts } from '../../windows';
import type { Detector, DetectorState, FitOptions, FitReport } from '../detector';
import { layersState, loadWeights, trainableVariables } from '../dense/run';
import { balancedClassWeights, pickLabels, requireLabels, weightedBinaryCrossEntropy } from './labels';

type Sequential = import('@tensorflow/tfjs').Sequential;
type Tensor = import('@tensorflow/tfjs').Tensor;

type ClstmShape = Pick<ClstmConfig, 'filters' | 'kernelSize' | 'lstmUnits' | 'denseUnits'>;

/** Windows scored per slice: keeps slice x length x signals small whatever the series length. */
const scoringSlice = 256;

export function clstmParameterCount(inputSize: number, config: ClstmShape): number {
  let count = 0;
  let channels = inputSize;
  for (const filters of config.filters) {
    count += config.kernelSize * channels * filters + filters;
    channels = filters;
  }
  const units = config.lstmUnits;
  count += 4 * (units * (channels + units) + units); // input, forget, cell and output gates
  count += units * config.denseUnits + config.denseUnits;
  return count + config.denseUnits + 1;
}

/**
 * (conv1d 'same' + tanh + max-pool 2) per filters entry -> LSTM -> dense tanh -> one logit.
 * The last layer is linear: the sigmoid is applied when scoring and, stably, inside the loss.
 */
export function buildClstm(tf: Tf, inputSize: number, config: ClstmShape & Pick<ClstmConfig, 'window' | 'seed'>): Sequential {
  const length = config.window.length;
  if (length < 2 ** config.filters.length) {
    throw new Error(
      `windows of ${length} rows are too short for ${config.filters.length} max-pool layers, which halve the time axis each: use at least ${2 ** config.filters.length} rows`,
    );
  }
  const glorot = (offset: number) => tf.initializers.glorotUniform({ seed: config.seed + offset });
  const model = tf.sequential();
  config.filters.forEach((filters, index) => {
    model.add(
      tf.layers.conv1d({
        filters,
        kernelSize: config.kernelSize,
        padding: 'same',
        activation: 'tanh',
        inputShape: index === 0 ? [length, inputSize] : undefined,
        kernelInitializer: glorot(index),
      }),
    );
    model.add(tf.layers.maxPooling1d({ poolSize: 2 }));
  });
  const next = config.filters.length;
  // its recurrent kernel starts at zeros; seedRecurrentWeights writes a seeded orthogonal one (tfjs' is slow on wasm)
  const lstm = fastLstm(tf, { units: config.lstmUnits, returnSequences: false, kernelInitializer: glorot(next) });
  model.add(lstm);
  model.add(tf.layers.dense({ units: config.denseUnits, activation: 'tanh', kernelInitializer: glorot(next + 2) }));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: glorot(next + 3) }));
  seedRecurrentWeights(tf, lstm, 'lstm', config.lstmUnits, config.seed + next + 1);
  return model;
}

/** 0/1 per window: the label of the window's last row. */
function windowLabels(labels: Uint8Array, windows: number, length: number, stride: number): Uint8Array {
  return Uint8Array.from({ length: windows }, (_, w) => labels[w * stride + length - 1]!);
}

/**
 * Supervised C-LSTM (DESIGN.md section 3): learns from windows labelled by their last row with
 * class-weighted cross-entropy. A row's score is the anomaly probability of the stride-1 window(s)
 * over it, by the window's attribution rule. No featureErrors: a classifier does not reconstruct.
 */
export class Clstm implements Detector {
  private model: Sequential | null = null;
  private inputSize = 0;

  constructor(
    private readonly tf: Tf,
    private readonly config: ClstmConfig,
  ) {}

  async fit(X: Matrix, options: FitOptions = {}): Promise<FitReport> {
    const { tf, config } = this;
    const { length, stride } = config.window;
    requireRows(X, config.window);
    const labels = requireLabels(options.labels, X.n);
    const windows = windowCount(X.n, length, stride);
    const given = options.validation ?? null;
    // given validation rows too short for one window leave validation to the tail of the training windows
    const givenWindows = given ? windowCount(given.n, length, stride) : 0;
    const parts = holdOut(windows, givenWindows || null, config.validationFraction);
    const fitLabels = windowLabels(labels, parts.fit, length, stride);
    const heldOutLabels =
      givenWindows > 0
        ? windowLabels(requireLabels(options.validationLabels, given!.n, 'validation'), givenWindows, length, stride)
        : windowLabels(labels, windows, length, stride).subarray(parts.fit);
    const classWeights = balancedClassWeights(fitLabels);

    this.build(X.d);
    const model = this.model!;
    const task: TrainingTask = {
      fitCount: parts.fit,
      validationCount: parts.validation,
      variables: trainableVariables(model),
      loss(indices, split, training) {
        const fit = split === 'fit';
        const source = fit || givenWindows === 0 ? X : given!;
        // the tail validation windows come after the fit windows in X
        const first = fit || givenWindows > 0 ? 0 : parts.fit;
        const starts = windowStarts(Int32Array.from(indices, (index) => index + first), stride);
        const logits = model.apply(gatherWindows(tf, source, starts, length), { training }) as Tensor;
        return weightedBinaryCrossEntropy(tf, logits, pickLabels(fit ? fitLabels : heldOutLabels, indices), classWeights);
      },
    };
    return trainTask(tf, task, config, { onProgress: options.onProgress, isCancelled: options.isCancelled });
  }

  /** Per-row anomaly probability from the stride-1 windows covering each row. */
  async decisionFunction(X: Matrix): Promise<Float32Array> {
    const model = this.trained(X);
    requireRows(X, this.config.window);
    const length = this.config.window.length;
    const windowScores = inSlices(
      this.tf,
      windowCount(X.n, length, 1),
      1,
      (start, rows) => {
        const starts = Int32Array.from({ length: rows }, (_, i) => start + i);
        return this.tf.sigmoid(model.predict(gatherWindows(this.tf, X, starts, length)) as Tensor);
      },
      scoringSlice,
    );
    return attributeWindowScores(X.n, this.config.window, windowScores);
  }

  save(): DetectorState {
    return layersState('clstm', this.inputSize, this.trained());
  }

  static restore(tf: Tf, config: ClstmConfig, state: DetectorState): Clstm {
    const detector = new Clstm(tf, config);
    detector.build(state.inputSize);
    loadWeights(tf, detector.model!, state.tensors);
    return detector;
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }

  private build(inputSize: number): void {
    this.dispose();
    this.inputSize = inputSize;
    this.model = buildClstm(this.tf, inputSize, this.config);
  }

  private trained(X?: Matrix): Sequential {
    if (!this.model) throw new Error('the C-LSTM has not been trained yet');
    if (X && X.d !== this.inputSize) throw new Error(`the C-LSTM was trained on ${this.inputSize} signals, got ${X.d}`);
    return this.model;
  }
}
