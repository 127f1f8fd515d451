/**
 * `npm run bench [-- models|pyramid|import|quality] [--json <file>] [--backend <choice>]`: speed figures with the backend and machine they
 * ran on, side by side with a peer where one is installed. Never used as a pass/fail test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchCsv, importBench } from './bench/import-bench';
import { DatasetStore } from './data/dataset-store';
import { backendFlag } from './cli/backend-flag';
import { UsageError } from './cli/usage-error';
import { loadBackend } from './ml/backend';
import { modelBench } from './bench/model-bench';
import { pyramidBench } from './bench/pyramid-bench';
import { formatQualityTable, qualityBench, qualityPeers } from './bench/quality-bench';

interface Figure {
  name: string;
  value: number;
  unit: string;
  backend: string;
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

function formatRatio(ours: number, peer: number | null): string {
  return peer ? `${(ours / peer).toFixed(1)}x` : '-';
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { json: { type: 'string' }, 'import-rows': { type: 'string', default: '2500000' }, 'child-import': { type: 'string' }, backend: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  if (values['child-import']) {
    await childImport(values['child-import']);
    process.exit(0);
  }
  const known = ['models', 'pyramid', 'import', 'quality'];
  // quality trains several models on the development files: asked for by name only
  const suites = positionals.length > 0 ? positionals : ['models', 'pyramid', 'import'];
  const unknown = suites.filter((suite) => !known.includes(suite));
  if (unknown.length > 0) throw new Error(`unknown bench suite ${unknown.join(', ')}: choose from ${known.join(', ')}`);
  // the bench measures in its own process: nothing else loads tfjs here
  const { tf, info } = await loadBackend(backendFlag(values.backend) ?? 'auto');
  const machine = `${os.cpus()[0]?.model ?? 'unknown'} x ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const report: Record<string, unknown> = { machine, backend: info };
  console.log(`Anomaly Lens bench — machine: ${machine}; tfjs backend: ${info.name} (${info.detail})`);
  if (suites.includes('models')) {
    log('models: ms per epoch (one epoch after a warm-up)');
    const models = await modelBench(tf, log);
    report.models = models;
    console.log(`\nms per epoch, same model, data shape, batch size; peer: ${models.peer ?? 'none (install python3-torch for Debian\'s /usr/bin/python3)'}`);
    console.log(`${'model and shape'.padEnd(60)} ${`ours [${info.name}]`.padStart(14)} ${'PyTorch'.padStart(9)} ${'ours/PyTorch'.padStart(13)}`);
    for (const figure of models.figures) {
      console.log(`${figure.name.padEnd(60)} ${String(figure.ours).padStart(14)} ${String(figure.peer ?? '-').padStart(9)} ${formatRatio(figure.ours, figure.peer).padStart(13)}`);
    }
  }
  if (suites.includes('pyramid')) {
    log('pyramid: heatmap of 1M rows x 200 signals');
    const figures = await pyramidBench(log);
    report.pyramid = figures;
    console.log('');
    for (const figure of figures) console.log(`${figure.name.padEnd(72)} ${String(figure.value).padStart(8)} ${figure.unit}`);
  }
  if (suites.includes('quality')) {
    log('quality: presets on the development files, through `analyze`');
    const rows = await qualityBench(path.resolve(__dirname, '..', '..', '..', 'shared', 'datasets'), log);
    report.quality = rows;
    console.log(`\n${formatQualityTable([...rows, ...qualityPeers])}`);
  }
  if (suites.includes('import')) {
    const figures: Figure[] = [];
    await csvImport(figures, Number(values['import-rows']));
    report.import = figures;
    console.log('');
    for (const figure of figures) console.log(`${figure.name.padEnd(72)} ${String(figure.value).padStart(8)} ${figure.unit}  [${figure.backend}]`);
  }
  if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
