import type { AeClassifierConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';
import type { Matrix } from '../../matrix';
import { gatherRows, holdOut, inSlices, trainTask, type TrainingTask } from '../../train';
import type { Detector, DetectorState, FitOptions, FitReport } from '../detector';
import { buildDenseAutoencoder, denseParameterCount } from '../dense/build';
import { loadWeights, reconstructionErrors, rowAutoencoderTask, saveWeights, trainableVariables } from '../dense/run';
import { balancedClassWeights, joinReports, pickLabels, requireLabels, weightedBinaryCrossEntropy } from './labels';

type Layer = import('@tensorflow/tfjs').layers.Layer;
type Sequential = import('@tensorflow/tfjs').Sequential;
type Tensor = import('@tensorflow/tfjs').Tensor;

/** Index of the narrowest hidden layer (the first one, on ties): the encoder's output. */
export function bottleneckIndex(hiddenLayers: number[]): number {
  return hiddenLayers.indexOf(Math.min(...hiddenLayers));
}

export function aeClassifierParameterCount(inputSize: number, config: Pick<AeClassifierConfig, 'hiddenLayers'>): number {
  const bottleneck = config.hiddenLayers[bottleneckIndex(config.hiddenLayers)]!;
  return denseParameterCount(inputSize, config) + bottleneck + 1;
}

export interface AeClassifierModel {
  autoencoder: Sequential;
  /** the autoencoder's layers from the input up to the bottleneck (shared, not copies) */
  encoder: Layer[];
  /** one dense unit giving the logit; the sigmoid is applied when scoring and inside the loss */
  head: Sequential;
}

/**
 * The dense autoencoder plus a logistic head on its bottleneck. The head outputs a logit rather than
 * a sigmoid so the cross-entropy can be computed stably from it; scores apply the sigmoid.
 */
export function buildAeClassifier(
  tf: Tf,
  inputSize: number,
  config: Pick<AeClassifierConfig, 'hiddenLayers' | 'activation' | 'dropout' | 'seed'>,
): AeClassifierModel {
  const autoencoder = buildDenseAutoencoder(tf, inputSize, config);
  // the encoder ends just before the dense layer after the bottleneck (its leaky ReLU and dropout included)
  const denseAfterBottleneck = bottleneckIndex(config.hiddenLayers) + 1;
  let denseSeen = 0;
  const end = autoencoder.layers.findIndex((layer) => layer.getClassName() === 'Dense' && denseSeen++ === denseAfterBottleneck);
  const head = tf.sequential();
  head.add(
    tf.layers.dense({
      units: 1,
      inputShape: [config.hiddenLayers[bottleneckIndex(config.hiddenLayers)]!],
      kernelInitializer: tf.initializers.glorotUniform({ seed: config.seed + config.hiddenLayers.length + 1 }),
    }),
  );
  return { autoencoder, encoder: autoencoder.layers.slice(0, end), head };
}

/**
 * Supervised head on an autoencoder (DESIGN.md section 3): the dense autoencoder is pre-trained on
 * all training rows, then, with the encoder frozen, a sigmoid classifier on its bottleneck learns the
 * labels with class-weighted cross-entropy. Scores are anomaly probabilities; featureErrors are the
 * autoencoder's squared reconstruction errors, so per-signal explanations still work.
 */
export class AeClassifier implements Detector {
  private model: AeClassifierModel | null = null;
  private inputSize = 0;

  constructor(
    private readonly tf: Tf,
    private readonly config: AeClassifierConfig,
  ) {}

  async fit(X: Matrix, options: FitOptions = {}): Promise<FitReport> {
    const { tf, config } = this;
    const labels = requireLabels(options.labels, X.n);
    const validation = options.validation && options.validation.n > 0 ? options.validation : null;
    const validationLabels = validation ? requireLabels(options.validationLabels, validation.n, 'validation') : null;
    const parts = holdOut(X.n, validation?.n ?? null, config.validationFraction);
    const fitLabels = labels.subarray(0, parts.fit);
    const heldOutLabels = validationLabels ?? labels.subarray(parts.fit);
    // checked before the autoencoder trains, so a one-class training set fails at once
    const classWeights = balancedClassWeights(fitLabels);

    this.build(X.d);
    const { autoencoder, head } = this.model!;
    const autoencoderReport = await trainTask(tf, rowAutoencoderTask(tf, autoencoder, X, validation, config.validationFraction), config, {
      isCancelled: options.isCancelled,
      onProgress: (progress) => options.onProgress?.({ ...progress, epochs: config.epochs + config.headEpochs }),
    });
    if (autoencoderReport.cancelled) return autoencoderReport;

    // the encoder is frozen, so its bottleneck output is computed once and the head trains on it
    const width = head.inputs[0]!.shape[1] as number;
    const features = this.encode(X);
    const heldOutFeatures = validation ? this.encode(validation) : features.subarray(parts.fit * width);
    const task: TrainingTask = {
      fitCount: parts.fit,
      validationCount: parts.validation,
      variables: trainableVariables(head),
      loss(indices, split) {
        const fit = split === 'fit';
        const x = gatherRows(tf, fit ? features : heldOutFeatures, width, indices);
        return weightedBinaryCrossEntropy(tf, head.apply(x) as Tensor, pickLabels(fit ? fitLabels : heldOutLabels, indices), classWeights);
      },
    };
    const epochsBefore = autoencoderReport.epochsRun;
    const headReport = await trainTask(tf, task, { ...config, epochs: config.headEpochs }, {
      isCancelled: options.isCancelled,
      onProgress: (progress) =>
        options.onProgress?.({ ...progress, epoch: progress.epoch + epochsBefore, epochs: epochsBefore + config.headEpochs }),
    });
    return joinReports(autoencoderReport, headReport);
  }

  /** Predicted probability that each row is an anomaly. */
  async decisionFunction(X: Matrix): Promise<Float32Array> {
    const { encoder, head } = this.trained(X);
    return inSlices(this.tf, X.n, 1, (start, rows) => {
      const input = this.tf.tensor2d(X.data.subarray(start * X.d, (start + rows) * X.d), [rows, X.d]);
      return this.tf.sigmoid(head.apply(applyLayers(encoder, input)) as Tensor);
    });
  }

  async featureErrors(X: Matrix): Promise<Matrix> {
    return reconstructionErrors(this.tf, this.trained(X).autoencoder, X);
  }

  save(): DetectorState {
    const { autoencoder, head } = this.trained();
    // autoencoder weights in build order, then the head's kernel and bias
    return { family: 'ae-classifier', inputSize: this.inputSize, tensors: [...saveWeights(autoencoder), ...saveWeights(head)], extra: null };
  }

  static restore(tf: Tf, config: AeClassifierConfig, state: DetectorState): AeClassifier {
    const detector = new AeClassifier(tf, config);
    detector.build(state.inputSize);
    const { autoencoder, head } = detector.model!;
    const autoencoderTensors = autoencoder.getWeights().length;
    loadWeights(tf, autoencoder, state.tensors.slice(0, autoencoderTensors));
    loadWeights(tf, head, state.tensors.slice(autoencoderTensors));
    return detector;
  }

  dispose(): void {
    this.model?.autoencoder.dispose();
    this.model?.head.dispose();
    this.model = null;
  }

  private build(inputSize: number): void {
    this.dispose();
    this.inputSize = inputSize;
    this.model = buildAeClassifier(this.tf, inputSize, this.config);
  }

  /** Bottleneck activations, n x width, in slices. */
  private encode(X: Matrix): Float32Array {
    const { encoder, head } = this.trained(X);
    const width = head.inputs[0]!.shape[1] as number;
    return inSlices(this.tf, X.n, width, (start, rows) =>
      applyLayers(encoder, this.tf.tensor2d(X.data.subarray(start * X.d, (start + rows) * X.d), [rows, X.d])),
    );
  }

  private trained(X?: Matrix): AeClassifierModel {
    if (!this.model) throw new Error('the autoencoder classifier has not been trained yet');
    if (X && X.d !== this.inputSize) throw new Error(`the model was trained on ${this.inputSize} signals, got ${X.d}`);
    return this.model;
  }
}

/** Runs the layers in order in inference mode (dropout off). */
function applyLayers(layers: Layer[], input: Tensor): Tensor {
  return layers.reduce((x, layer) => layer.apply(x, { training: false }) as Tensor, input);
}
