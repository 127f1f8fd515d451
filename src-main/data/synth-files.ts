/** Writes a generated dataset and its ground truth to disk: shared by `anomaly-lens synth` and the compute process's synth job. */

import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import type { SynthesizeRequest } from '../../shared/ipc/datasets';
import { writeFileAtomic } from '../project/atomic-write';
import { csvChunks, generateSyntheticSteps, signalNames, truthOf, type CsvOptions } from './synth';

/** One row a minute from a fixed start, so the same request always gives the same bytes. */
const csvOptions: CsvOptions = { start: '2024-01-01T00:00:00Z', stepSeconds: 60, decimals: 4, timeColumn: 'time' };

/** Cells per step between progress reports and cancel checks: about a tenth of a second of work at most. */
const cellsPerStep = 200_000;

export interface SynthFiles {
  csvPath: string;
  /** `<csv>.truth.json`: a list of {start, end (exclusive), features (0-based signal columns), raw, kind, signals} */
  truthPath: string;
  anomalies: number;
  anomalousRows: number;
}

/** How far a synthesis is: rows generated, then rows formatted as CSV (the file is written once, at the end). */
export interface SynthProgress {
  stage: 'generating' | 'writing';
  rowsDone: number;
  rows: number;
  /** CSV bytes formatted so far; 0 while generating */
  csvBytes: number;
  /** since the synthesis started */
  elapsedMs: number;
  /** time left in the writing stage at its rate so far; null while generating, when the writing is still to come */
  etaMs: number | null;
}

export interface SynthHooks {
  onProgress?(progress: SynthProgress): void;
  /** checked between steps: true stops the synthesis with CANCELLED before any file is written */
  isCancelled?(): boolean;
}

export function truthPathFor(csvPath: string): string {
  return `${csvPath}.truth.json`;
}

/** Lets queued messages (a cancel) in between two steps of synchronous work. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function writeSynthetic(csvPath: string, request: SynthesizeRequest, hooks: SynthHooks = {}): Promise<SynthFiles> {
  const signals = typeof request.signals === 'number' ? signalNames(request.signals) : request.signals;
  const rowsPerStep = Math.max(1, Math.floor(cellsPerStep / (signals.length + 2)));
  const started = performance.now();
  let writingStarted = 0;
  const step = async (stage: SynthProgress['stage'], rowsDone: number, csvBytes: number) => {
    const now = performance.now();
    const etaMs = stage === 'writing' ? ((now - writingStarted) / rowsDone) * (request.rows - rowsDone) : null;
    hooks.onProgress?.({ stage, rowsDone, rows: request.rows, csvBytes, elapsedMs: now - started, etaMs });
    await nextTurn();
    if (hooks.isCancelled?.()) throw new AppError(errorCodes.cancelled, 'generating the synthetic dataset was cancelled');
  };

  const steps = generateSyntheticSteps(
    { rows: request.rows, signals, anomalyShare: request.anomalyShare, kinds: request.kinds, seed: request.seed, latent: request.latent, noise: request.noise },
    rowsPerStep,
  );
  let generated = steps.next();
  while (!generated.done) {
    await step('generating', generated.value, 0);
    generated = steps.next();
  }
  const data = generated.value;

  // pieces joined as bytes: a few million rows would pass V8's longest string
  writingStarted = performance.now();
  const pieces: Buffer[] = [];
  let csvBytes = 0;
  for (const chunk of csvChunks(data, csvOptions, rowsPerStep)) {
    const piece = Buffer.from(chunk);
    pieces.push(piece);
    csvBytes += piece.length;
    // the first piece is the header line
    if (pieces.length > 1) await step('writing', Math.min(request.rows, (pieces.length - 1) * rowsPerStep), csvBytes);
  }
  const truth = truthOf(data);
  const truthPath = truthPathFor(csvPath);
  await writeFileAtomic(csvPath, Buffer.concat(pieces));
  // one segment a line: readable and still a JSON list
  await writeFileAtomic(truthPath, `[\n${truth.map((segment) => ` ${JSON.stringify(segment)}`).join(',\n')}\n]\n`);
  const anomalousRows = data.segments.reduce((sum, s) => sum + s.end - s.start + 1, 0);
  return { csvPath, truthPath, anomalies: truth.length, anomalousRows };
}
