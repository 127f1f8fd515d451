import type { WindowDenseConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';
import type { DetectorState } from '../detector';
import { WindowedAutoencoder } from '../windowed';
import { buildWindowDenseAutoencoder } from './build';

type LayersModel = import('@tensorflow/tfjs').LayersModel;

export class WindowDenseAutoencoder extends WindowedAutoencoder<WindowDenseConfig> {
  static restore(tf: Tf, config: WindowDenseConfig, state: DetectorState): WindowDenseAutoencoder {
    const detector = new WindowDenseAutoencoder(tf, config);
    detector.load(state);
    return detector;
  }

  protected buildModel(inputSize: number): LayersModel {
    return buildWindowDenseAutoencoder(this.tf, inputSize, this.config);
  }
}
