import type { FamilyConfig, ModelConfig, ModelFamily } from '../../../shared/domain/model-config';
import type { Tf } from '../backend';
import { DenseAutoencoder } from './dense';
import type { Detector, DetectorState } from './detector';
import { PcaDetector } from './pca';

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
    case 'pca':
      return new PcaDetector(pcaOptions(config));
    default:
      throw new Error(`the ${config.family} family is not wired yet`);
  }
}

/** A trained detector from its saved state; scores exactly as the one that was saved. */
export function restoreDetector(tf: Tf, config: ModelConfig, state: DetectorState): Detector {
  if (state.family !== config.family) throw new Error(`saved ${state.family} state does not fit a ${config.family} config`);
  switch (config.family) {
    case 'dense':
      return DenseAutoencoder.restore(tf, config, state);
    case 'pca':
      return PcaDetector.restore(pcaOptions(config), state);
    default:
      throw new Error(`the ${config.family} family is not wired yet`);
  }
}
