import type { Conv1dConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';
import type { DetectorState } from '../detector';
import { WindowedAutoencoder } from '../windowed';
import { buildConv1dAutoencoder } from './build';

type LayersModel = import('@tensorflow/tfjs').LayersModel;

export class Conv1dAutoencoder extends WindowedAutoencoder<Conv1dConfig> {
  static restore(tf: Tf, config: Conv1dConfig, state: DetectorState): Conv1dAutoencoder {
    const detector = new Conv1dAutoencoder(tf, config);
    detector.load(state);
    return detector;
  }

  protected buildModel(inputSize: number): LayersModel {
    return buildConv1dAutoencoder(this.tf, inputSize, this.config);
  }
}
