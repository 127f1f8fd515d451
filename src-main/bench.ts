/**
 * `npm run bench [-- --json <file>]`: speed figures with the backend and machine they ran on.
 * Never used as a pass/fail test; later issues add their figures to the same runner.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchCsv, importBench } from './bench/import-bench';
import { DatasetStore } from './data/dataset-store';
import { loadBackend } from './ml/backend';
import { DenseAutoencoder } from './ml/detectors/dense';
import type { DenseConfig } from '../shared/domain/model-config';
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
  const config: DenseConfig = { ...(presets[0]!.config as DenseConfig), hiddenLayers: [64], epochs: 3, patience: 0, validationFraction: 0, batchSize: 32 };
  const X = { data: normals(n * d), n, d };
  const model = new DenseAutoencoder(tf, config);
  // The first epoch pays for kernel set-up and warm-up; time the steady ones after it.
  await new DenseAutoencoder(tf, { ...config, epochs: 1 }).fit(X);
  const report = await model.fit(X);
  model.dispose();
  const steady = (report.trainSeconds * 1000) / report.epochsRun;
  figures.push({ name: 'dense AE 159-64-159, 3000 rows, batch 32: ms per epoch', value: Math.round(steady), unit: 'ms', backend: info.name });
  return `${info.name} (${info.detail})`;
}

/** The whole app import (sniff, parse, profile, store) of one file, run in a child so its peak RSS is its own. */
async function storeImportInChild(file: string): Promise<{ seconds: number; storedSeconds: number; previewSeconds: number; maxRssMb: number }> {
  const child = spawnSync(process.execPath, [__filename, '--child-import', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`import child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!);
}

async function childImport(file: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lens-bench-store-'));
  try {
    const store = await DatasetStore.open(path.join(dir, 'bench.duckdb'), path.join(dir, 'datasets'));
    // the app always shows the preview first; the import then reuses that inspection
    const previewStarted = performance.now();
    await store.inspect(file);
    const previewSeconds = (performance.now() - previewStarted) / 1000;
    const started = performance.now();
    await store.importFile(file);
    const seconds = (performance.now() - started) / 1000;
    await store.stored();
    const storedSeconds = (performance.now() - started) / 1000;
    await store.close();
    console.log(JSON.stringify({ seconds, storedSeconds, previewSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function csvImport(figures: Figure[], rows: number): Promise<void> {
  for (const figure of await importBench({ rows })) figures.push(figure);
  const file = benchCsv(rows, 40);
  const megabytes = statSync(file).size / 1e6;
  const result = await storeImportInChild(file);
  const label = `${megabytes.toFixed(0)} MB, ${rows} x 41`;
  figures.push(
    { name: `app preview: sniff, schema, roles, first rows (${label})`, value: Math.round(result.previewSeconds * 1000), unit: 'ms', backend: 'DatasetStore' },
    { name: `app import after the preview, until usable: parse + profile (${label}): throughput`, value: Number((megabytes / result.seconds).toFixed(1)), unit: 'MB/s', backend: 'DatasetStore' },
    { name: `app import after the preview, until stored for reopening (${label}): throughput`, value: Number((megabytes / result.storedSeconds).toFixed(1)), unit: 'MB/s', backend: 'DatasetStore' },
    { name: `app import (${label}): peak RSS`, value: Math.round(result.maxRssMb), unit: 'MB', backend: 'DatasetStore' },
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { json: { type: 'string' }, 'import-rows': { type: 'string', default: '2500000' }, 'child-import': { type: 'string' } },
    strict: true,
  });
  if (values['child-import']) {
    await childImport(values['child-import']);
    process.exit(0);
  }
  const figures: Figure[] = [];
  const backend = await denseEpochMs(figures);
  await csvImport(figures, Number(values['import-rows']));
  console.log(`Anomaly Lens bench — machine: ${os.cpus()[0]?.model ?? 'unknown'} x ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; tfjs backend: ${backend}`);
  for (const figure of figures) console.log(`${figure.name.padEnd(72)} ${String(figure.value).padStart(8)} ${figure.unit}  [${figure.backend}]`);
  if (values.json) await writeFile(values.json, `${JSON.stringify(figures, null, 2)}\n`);
  process.exit(0);
}

void main();
