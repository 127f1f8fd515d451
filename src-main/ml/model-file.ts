import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { splitSchema, type Split } from '../../shared/domain/data-prep';
import { modelConfigSchema, scalerSchema } from '../../shared/domain/model-config';
import { alarmRulesSchema, thresholdRuleSchema, type AlarmRules, type ThresholdRule } from '../../shared/domain/results';
import type { TrainedModel } from '../jobs/protocol';
import { writeFileAtomic } from '../project/atomic-write';

/**
 * A trained model on disk: model.json (config, preprocessing, detector state, threshold) and
 * weights.bin (float32, little-endian). Version 3 added the run it came from (threshold and
 * split); version 2 files still read, without it.
 */
export const modelFileVersion = 3;

/** The run a model was exported from: a scored file alarms where that run alarmed. */
export interface SavedRun {
  threshold: { rule: ThresholdRule; value: number; alarms: AlarmRules };
  /** how the run divided its rows for training */
  split: Split;
  /** the training rows' scores, so rules that learn from them (percentile, mean + k sigma) work on a scored file too */
  trainingScores: Float32Array;
  /** each signal's mean over the training rows, which a scored file's gaps take under mean fill; null in folders written before */
  fitMeans: Float64Array | null;
}

/** A model as exported: enough to score a new file exactly as the run it came from scored its own. */
export interface SavedModel {
  model: TrainedModel;
  /** null for a model saved without a run (version 2 files) */
  run: SavedRun | null;
}

const modelJsonSchema = z.object({
  format: z.literal('anomaly-lens-model'),
  version: z.union([z.literal(2), z.literal(modelFileVersion)]),
  config: modelConfigSchema,
  preprocessing: z.object({
    signals: z.array(z.string()),
    scaler: z.object({ kind: scalerSchema, center: z.array(z.number()), scale: z.array(z.number()), log1p: z.array(z.number().int().min(0)) }),
    l2Rows: z.boolean(),
  }),
  detector: z.object({
    family: z.string(),
    inputSize: z.number().int().min(1),
    tensors: z.array(z.object({ shape: z.array(z.number().int().min(0)), offset: z.number().int().min(0), length: z.number().int().min(0) })),
    extra: z.unknown(),
  }),
  typicalError: z.array(z.number()).nullable(),
  run: z
    .object({
      threshold: z.object({ rule: thresholdRuleSchema, value: z.number(), alarms: alarmRulesSchema }),
      split: splitSchema,
      // JSON has no NaN: a signal without a training mean is written as null
      fitMeans: z.array(z.number().nullable()).nullable().default(null),
    })
    .nullable()
    .default(null),
});

export async function writeModelDir(dir: string, { model, run }: SavedModel): Promise<void> {
  await mkdir(dir, { recursive: true });
  let offset = 0;
  const tensors = model.detector.tensors.map((tensor) => {
    const entry = { shape: tensor.shape, offset, length: tensor.data.length };
    offset += tensor.data.length;
    return entry;
  });
  const weights = new Float32Array(offset);
  model.detector.tensors.forEach((tensor, i) => weights.set(tensor.data, tensors[i]!.offset));
  const json = {
    format: 'anomaly-lens-model',
    version: modelFileVersion,
    config: model.config,
    preprocessing: model.preprocessing,
    detector: { family: model.detector.family, inputSize: model.detector.inputSize, tensors, extra: model.detector.extra },
    typicalError: model.typicalError,
    run: run && {
      threshold: run.threshold,
      split: run.split,
      fitMeans: run.fitMeans && Array.from(run.fitMeans, (mean) => (Number.isNaN(mean) ? null : mean)),
    },
  };
  // weights and scores first: a model.json never points at files that are not there yet
  await writeFileAtomic(path.join(dir, 'weights.bin'), new Uint8Array(weights.buffer));
  if (run) await writeFileAtomic(path.join(dir, trainingScoresFile), new Uint8Array(run.trainingScores.buffer, run.trainingScores.byteOffset, run.trainingScores.byteLength));
  await writeFileAtomic(path.join(dir, 'model.json'), `${JSON.stringify(json)}\n`);
}

export async function readModelDir(dir: string): Promise<SavedModel> {
  const file = path.join(dir, 'model.json');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new Error(`${file} is missing: not an Anomaly Lens model folder`);
  });
  let parsed: z.infer<typeof modelJsonSchema>;
  try {
    parsed = modelJsonSchema.parse(JSON.parse(text));
  } catch (error) {
    const reason = error instanceof z.ZodError ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') : String(error);
    throw new Error(`${file} is not an Anomaly Lens model: ${reason}`);
  }
  const bytes = await readFile(path.join(dir, 'weights.bin')).catch(() => {
    throw new Error(`${dir}/weights.bin is missing: export the model again`);
  });
  const weights = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const tensors = parsed.detector.tensors.map((entry) => {
    if (entry.offset + entry.length > weights.length) throw new Error(`${dir}/weights.bin is shorter than model.json says`);
    return { shape: entry.shape, data: weights.slice(entry.offset, entry.offset + entry.length) };
  });
  if (parsed.detector.family !== parsed.config.family) {
    throw new Error(`${file}: detector family ${parsed.detector.family} does not match the config's ${parsed.config.family}`);
  }
  return {
    model: {
      config: parsed.config,
      preprocessing: parsed.preprocessing,
      detector: { family: parsed.config.family, inputSize: parsed.detector.inputSize, tensors, extra: parsed.detector.extra },
      typicalError: parsed.typicalError,
    },
    run: parsed.run && {
      ...parsed.run,
      fitMeans: parsed.run.fitMeans && Float64Array.from(parsed.run.fitMeans, (mean) => mean ?? Number.NaN),
      trainingScores: await readTrainingScores(dir),
    },
  };
}

/** float32, little-endian, one per training row; a folder written before it existed has none */
const trainingScoresFile = 'training-scores.bin';

async function readTrainingScores(dir: string): Promise<Float32Array> {
  const bytes = await readFile(path.join(dir, trainingScoresFile)).catch(() => null);
  return bytes ? new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) : new Float32Array(0);
}
