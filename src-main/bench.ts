/**
 * `npm run bench [-- --json <file>]`: speed figures with the backend and machine they ran on.
 * Never used as a pass/fail test; later issues add their figures to the same runner.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DatasetStore } from './data/dataset-store';
import { loadBackend } from './ml/backend';
import { buildDenseAutoencoder } from './ml/detectors/dense/build';
import { trainAutoencoder } from './ml/detectors/dense/run';
import { presets } from '../shared/domain/presets';
import { mulberry32 } from '../shared/random';

interface Figure {
  name: string;
  value: number;
  unit: string;
  backend: string;
}

/** Deterministic standard-normal values (Box-Muller) so runs compare. */
function normals(count: number, seed = 7): Float32Array {
  const uniform = mulberry32(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
  return out;
}

async function denseEpochMs(figures: Figure[]): Promise<string> {
  const { tf, info } = await loadBackend((process.env.LENS_BACKEND as 'auto') ?? 'auto');
  const n = 3000;
  const d = 159;
  const config = { ...presets[0]!.config, hiddenLayers: [64], epochs: 3, patience: 0, validationFraction: 0, batchSize: 32 };
  const X = { data: normals(n * d), n, d };
  const model = buildDenseAutoencoder(tf, d, config);
  // The first epoch pays for kernel set-up and warm-up; time the steady ones after it.
  await trainAutoencoder(tf, model, X, { ...config, epochs: 1 });
  const report = await trainAutoencoder(tf, model, X, config);
  model.dispose();
  const steady = (report.trainSeconds * 1000) / report.epochsRun;
  figures.push({ name: 'dense AE 159-64-159, 3000 rows, batch 32: ms per epoch', value: Math.round(steady), unit: 'ms', backend: info.name });
  return `${info.name} (${info.detail})`;
}

async function csvImport(figures: Figure[], backend: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lens-bench-'));
  try {
    const rows = 200_000;
    const columns = 40;
    const values = normals(rows * columns, 11);
    const lines = [`t,${Array.from({ length: columns }, (_, c) => `s${c}`).join(',')}`];
    for (let r = 0; r < rows; r++) {
      const cells = [String(r)];
      for (let c = 0; c < columns; c++) cells.push(values[r * columns + c]!.toFixed(6));
      lines.push(cells.join(','));
    }
    const file = path.join(dir, 'bench.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    const megabytes = statSync(file).size / 1e6;
    const store = await DatasetStore.open(':memory:');
    const started = performance.now();
    const summary = await store.importFile(file);
    const signals = summary.columns.filter((c) => c.suggestedRole === 'signal').map((c) => c.name);
    await store.matrix(summary.id, { time: 't', label: null, signals });
    const seconds = (performance.now() - started) / 1000;
    await store.close();
    figures.push({ name: `CSV import to Float32 matrix (${megabytes.toFixed(0)} MB, ${rows} x ${columns + 1})`, value: Number((megabytes / seconds).toFixed(1)), unit: 'MB/s', backend });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { json: { type: 'string' } }, strict: true });
  const figures: Figure[] = [];
  const backend = await denseEpochMs(figures);
  await csvImport(figures, 'n/a (DuckDB)');
  console.log(`Anomaly Lens bench — machine: ${os.cpus()[0]?.model ?? 'unknown'} x ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; tfjs backend: ${backend}`);
  for (const figure of figures) console.log(`${figure.name.padEnd(72)} ${String(figure.value).padStart(8)} ${figure.unit}  [${figure.backend}]`);
  if (values.json) await writeFile(values.json, `${JSON.stringify(figures, null, 2)}\n`);
  process.exit(0);
}

void main();
