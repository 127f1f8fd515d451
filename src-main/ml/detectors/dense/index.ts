import type { DenseConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';
import { rowMeans, type Matrix } from '../../matrix';
import type { Detector, FitOptions, FitReport } from '../detector';
import { buildDenseAutoencoder } from './build';
import { reconstructionErrors, trainAutoencoder } from './run';

type LayersModel = import('@tensorflow/tfjs').LayersModel;

export class DenseAutoencoder implements Detector {
  private model: LayersModel | null = null;

  constructor(
    private readonly tf: Tf,
    private readonly config: DenseConfig,
  ) {}

  async fit(X: Matrix, options?: FitOptions): Promise<FitReport> {
    this.model?.dispose();
    this.model = buildDenseAutoencoder(this.tf, X.d, this.config);
    return trainAutoencoder(this.tf, this.model, X, this.config, options);
  }

  async featureErrors(X: Matrix): Promise<Matrix> {
    return reconstructionErrors(this.tf, this.trained(), X);
  }

  async decisionFunction(X: Matrix): Promise<Float32Array> {
    return rowMeans(await this.featureErrors(X));
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }

  private trained(): LayersModel {
    if (!this.model) throw new Error('the autoencoder has not been trained yet');
    return this.model;
  }
}
