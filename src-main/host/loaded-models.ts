import path from 'node:path';
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import type { LoadedModel } from '../../shared/ipc/models';
import { readModelDir, type SavedModel } from '../ml/model-file';
import { newId } from './ids';

/** Models imported from folders during this session, by id. */
export class LoadedModels {
  private readonly models = new Map<string, { info: LoadedModel; saved: SavedModel }>();

  /**
   * Reads and validates a model folder; a broken one is a BAD_REQUEST naming the file. A project's
   * model keeps the id it was saved under, so the project's view can name it.
   */
  async load(dir: string, modelId: string = newId('model')): Promise<LoadedModel> {
    const resolved = path.resolve(dir);
    let saved: SavedModel;
    try {
      saved = await readModelDir(resolved);
    } catch (error) {
      throw new AppError(errorCodes.badRequest, (error as Error).message.split('\n')[0]!);
    }
    const { config, preprocessing } = saved.model;
    const info: LoadedModel = {
      modelId,
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

  /** Each model with what a project save writes of it. */
  entries(): Array<{ info: LoadedModel; saved: SavedModel }> {
    return [...this.models.values()];
  }

  /** An opened project's models take the place of the session's. */
  async replace(folders: Array<{ modelId: string; dir: string }>): Promise<void> {
    const next = new LoadedModels();
    for (const { modelId, dir } of folders) await next.load(dir, modelId);
    this.models.clear();
    for (const [id, model] of next.models) this.models.set(id, model);
  }
}
