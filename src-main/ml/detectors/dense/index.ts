import type { DenseConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';
import { rowMeans, type Matrix } from '../../matrix';
import { trainTask } from '../../train';
import type { Detector, DetectorState, FitOptions, FitReport } from '../detector';
import { buildDenseAutoencoder } from './build';
import { layersState, loadWeights, reconstructionErrors, rowAutoencoderTask } from './run';

type LayersModel = import('@tensorflow/tfjs').LayersModel;

export class DenseAutoencoder implements Detector {
  private model: LayersModel | null = null;
  private inputSize = 0;

  constructor(
    private readonly tf: Tf,
    private readonly config: DenseConfig,
  ) {}

  async fit(X: Matrix, options: FitOptions = {}): Promise<FitReport> {
    this.build(X.d);
    const task = rowAutoencoderTask(this.tf, this.model!, X, options.validation ?? null, this.config.validationFraction);
    return trainTask(this.tf, task, this.config, options);
  }

  async featureErrors(X: Matrix): Promise<Matrix> {
    return reconstructionErrors(this.tf, this.trained(), X);
  }

  async decisionFunction(X: Matrix): Promise<Float32Array> {
    return rowMeans(await this.featureErrors(X));
  }

  save(): DetectorState {
    return layersState('dense', this.inputSize, this.trained());
  }

  static restore(tf: Tf, config: DenseConfig, state: DetectorState): DenseAutoencoder {
    const detector = new DenseAutoencoder(tf, config);
    detector.build(state.inputSize);
    loadWeights(tf, detector.model!, state.tensors);
    return detector;
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }

  private build(inputSize: number): void {
    this.model?.dispose();
    this.inputSize = inputSize;
    this.model = buildDenseAutoencoder(this.tf, inputSize, this.config);
  }

  private trained(): LayersModel {
    if (!this.model) throw new Error('the autoencoder has not been trained yet');
    return this.model;
  }
}
