import { z } from 'zod';
import { modelConfigSchema, presetSchema } from '../domain/model-config';
import { channel, emptyRequest } from './contract';

export const modelsChannels = {
  'models:presets': channel(emptyRequest, z.array(presetSchema)),
  'models:describe': channel(
    z.object({ config: modelConfigSchema, inputSize: z.number().int().min(1).max(100_000) }).strict(),
    z.object({ parameterCount: z.number().int(), layers: z.array(z.number().int()) }),
  ),
};
