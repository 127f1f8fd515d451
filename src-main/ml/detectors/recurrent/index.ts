import type { RecurrentConfig } from '../../../../shared/domain/model-config';
import type { Tf } from '../../backend';
import type { DetectorState } from '../detector';
import { WindowedAutoencoder } from '../windowed';
import { buildRecurrentAutoencoder } from './build';

type LayersModel = import('@tensorflow/tfjs').LayersModel;

/** The LSTM and GRU autoencoders (families 'lstm' and 'gru'): `config.family` picks the cell. */
export class RecurrentAutoencoder extends WindowedAutoencoder<RecurrentConfig> {
  static restore(tf: Tf, config: RecurrentConfig, state: DetectorState): RecurrentAutoencoder {
    const detector = new RecurrentAutoencoder(tf, config);
    detector.load(state);
    return detector;
  }

  protected buildModel(inputSize: number): LayersModel {
    return buildRecurrentAutoencoder(this.tf, inputSize, this.config);
  }
}
