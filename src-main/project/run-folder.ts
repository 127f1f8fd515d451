import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { float32ArraySchema, float64ArraySchema } from '../../shared/ipc/contract';
import { runResultSchema } from '../../shared/ipc/results';
import { decodeWithTypedArrays, encodeWithTypedArrays } from '../../shared/ipc/wire';
import { readModelDir, writeModelDir } from '../ml/model-file';
import { buildPyramid } from '../ml/pyramid';
import { savedModelOf } from '../host/run-builder';
import type { RunRecord } from '../host/runs';

/**
 * A finished run on disk, inside a project: the model folder as `models:export` writes it (weights,
 * preprocessing, training scores), run.msgpack (the result the views show, with the rows it was
 * split into), and the two large matrices as raw float32 files. Written once and never changed:
 * the threshold, the one part a user changes later, is kept in project.json.
 */
const runFileVersion = 1;
const modelFolder = 'model';
const runFile = 'run.msgpack';
const errorsFile = 'errors.f32';
const rawFile = 'raw.f32';

const uint32ArraySchema = z.custom<Uint32Array>((value) => value instanceof Uint32Array, 'expected a Uint32Array');

const runFileSchema = z.object({
  format: z.literal('anomaly-lens-run'),
  version: z.literal(runFileVersion),
  result: runResultSchema,
  typicalError: float64ArraySchema.nullable(),
  extraScores: z.array(z.object({ name: z.string(), values: float32ArraySchema })),
  validationRows: uint32ArraySchema,
  testRows: uint32ArraySchema,
  hasErrors: z.boolean(),
});

const bytesOf = (values: Float32Array) => new Uint8Array(values.buffer, values.byteOffset, values.byteLength);

/** Fills `folder` (empty; the caller renames it into place) with the run's files. */
export async function writeRunFolder(folder: string, record: RunRecord): Promise<void> {
  await writeModelDir(path.join(folder, modelFolder), savedModelOf(record));
  if (record.errors) await writeFile(path.join(folder, errorsFile), bytesOf(record.errors));
  await writeFile(path.join(folder, rawFile), bytesOf(record.raw));
  const run: z.infer<typeof runFileSchema> = {
    format: 'anomaly-lens-run',
    version: runFileVersion,
    result: record.result,
    typicalError: record.typicalError,
    extraScores: record.extraScores,
    validationRows: record.validationRows,
    testRows: record.testRows,
    hasErrors: record.errors !== null,
  };
  await writeFile(path.join(folder, runFile), encodeWithTypedArrays(run));
}

async function readFloat32(file: string, expected: number): Promise<Float32Array> {
  const bytes = await readFile(file);
  if (bytes.byteLength !== expected * 4) throw new Error(`${file} holds ${bytes.byteLength / 4} values where the run has ${expected}`);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Reads a run folder back into the record the host serves; the heatmap pyramid is built again. */
export async function readRunFolder(folder: string): Promise<RunRecord> {
  const file = path.join(folder, runFile);
  let run: z.infer<typeof runFileSchema>;
  try {
    run = runFileSchema.parse(decodeWithTypedArrays(await readFile(file)));
  } catch (error) {
    const reason = error instanceof z.ZodError ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') : String(error);
    throw new Error(`${file} is not an Anomaly Lens run: ${reason}`);
  }
  const { result } = run;
  const cells = result.nRows * result.signals.length;
  const saved = await readModelDir(path.join(folder, modelFolder));
  const errors = run.hasErrors ? await readFloat32(path.join(folder, errorsFile), cells) : null;
  return {
    result,
    errors,
    pyramid: errors ? buildPyramid(errors, result.nRows, result.signals.length) : null,
    raw: await readFloat32(path.join(folder, rawFile), cells),
    fitScores: saved.run?.trainingScores ?? new Float32Array(0),
    fitMeans: saved.run?.fitMeans ?? null,
    typicalError: run.typicalError,
    extraScores: run.extraScores,
    model: saved.model,
    validationRows: run.validationRows,
    testRows: run.testRows,
  };
}
