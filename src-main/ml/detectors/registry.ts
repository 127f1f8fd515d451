import type { FamilyConfig, ModelConfig, ModelFamily } from '../../../shared/domain/model-config';
import type { Tf } from '../backend';
import { Conv1dAutoencoder } from './conv1d';
import { DenseAutoencoder } from './dense';
import type { Detector, DetectorState } from './detector';
import { IsolationForest } from './iforest';
import { PcaDetector } from './pca';
import { RobustDeepAutoencoder } from './rdae';
import { RecurrentAutoencoder } from './recurrent';
import { AeClassifier } from './supervised/ae-classifier';
import { Clstm } from './supervised/clstm';
import { VariationalAutoencoder } from './vae';
import { WindowDenseAutoencoder } from './window-dense';

/** Families whose row score is the mean of the row's per-signal squared errors. */
const meanErrorFamilies: ReadonlySet<ModelFamily> = new Set(['dense', 'window-dense', 'lstm', 'gru', 'conv1d', 'vae', 'rdae', 'pca']);

export function scoresAreMeanErrors(family: ModelFamily): boolean {
  return meanErrorFamilies.has(family);
}

function pcaOptions(config: FamilyConfig<'pca'>) {
  return config.components > 0 ? { components: config.components } : { varianceToKeep: config.varianceToKeep };
}

/** A fresh, untrained detector for the config. */
export function createDetector(tf: Tf, config: ModelConfig): Detector {
  switch (config.family) {
    case 'dense':
      return new DenseAutoencoder(tf, config);
    case 'window-dense':
      return new WindowDenseAutoencoder(tf, config);
    case 'lstm':
    case 'gru':
      return new RecurrentAutoencoder(tf, config);
    case 'conv1d':
      return new Conv1dAutoencoder(tf, config);
    case 'vae':
      return new VariationalAutoencoder(tf, config);
    case 'rdae':
      return new RobustDeepAutoencoder(tf, config);
    case 'pca':
      return new PcaDetector(pcaOptions(config));
    case 'iforest':
      return new IsolationForest(config);
    case 'ae-classifier':
      return new AeClassifier(tf, config);
    case 'clstm':
      return new Clstm(tf, config);
  }
}

/** A trained detector from its saved state; scores exactly as the one that was saved. */
export function restoreDetector(tf: Tf, config: ModelConfig, state: DetectorState): Detector {
  if (state.family !== config.family) throw new Error(`saved ${state.family} state does not fit a ${config.family} config`);
  switch (config.family) {
    case 'dense':
      return DenseAutoencoder.restore(tf, config, state);
    case 'window-dense':
      return WindowDenseAutoencoder.restore(tf, config, state);
    case 'lstm':
    case 'gru':
      return RecurrentAutoencoder.restore(tf, config, state);
    case 'conv1d':
      return Conv1dAutoencoder.restore(tf, config, state);
    case 'vae':
      return VariationalAutoencoder.restore(tf, config, state);
    case 'rdae':
      return RobustDeepAutoencoder.restore(tf, config, state);
    case 'pca':
      return PcaDetector.restore(pcaOptions(config), state);
    case 'iforest':
      return IsolationForest.restore(config, state);
    case 'ae-classifier':
      return AeClassifier.restore(tf, config, state);
    case 'clstm':
      return Clstm.restore(tf, config, state);
  }
}
