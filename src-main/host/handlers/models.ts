import { presets } from '../../../shared/domain/presets';
import { denseLayerWidths, denseParameterCount } from '../../ml/detectors/dense/build';
import type { Handlers } from '../router';

export function modelsHandlers(): Pick<Handlers, 'models:presets' | 'models:describe'> {
  return {
    'models:presets': async () => presets,
    'models:describe': async ({ config, inputSize }) => ({
      parameterCount: denseParameterCount(inputSize, config),
      layers: denseLayerWidths(inputSize, config),
    }),
  };
}
