import path from 'node:path';
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import type { LoadedModel } from '../../shared/ipc/models';
import { readModelDir, type SavedModel } from '../ml/model-file';
import { newId } from './ids';

/** Models imported from folders during this session, by id. */
export class LoadedModels {
  private readonly models = new Map<string, { info: LoadedModel; saved: SavedModel }>();

  /** Reads and validates a model folder; a broken one is a BAD_REQUEST naming the file. */
  async load(dir: string): Promise<LoadedModel> {
    const resolved = path.resolve(dir);
    let saved: SavedModel;
    try {
      saved = await readModelDir(resolved);
    } catch (error) {
      throw new AppError(errorCodes.badRequest, (error as Error).message.split('\n')[0]!);
    }
    const { config, preprocessing } = saved.model;
    const info: LoadedModel = {
      modelId: newId('model'),
      dir: resolved,
      preset: config.preset,
      family: config.family,
      signals: preprocessing.signals,
      threshold: saved.run && { rule: saved.run.threshold.rule, value: saved.run.threshold.value },
    };
    this.models.set(info.modelId, { info, saved });
    return info;
  }

  get(modelId: string): SavedModel {
    const model = this.models.get(modelId);
    if (!model) throw new AppError(errorCodes.notFound, `no loaded model with id ${modelId}: import it first`);
    return model.saved;
  }

  list(): LoadedModel[] {
    return [...this.models.values()].map((model) => model.info);
  }
}
