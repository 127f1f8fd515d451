// Regenerates assets/sample/pump-station.csv and its truth file from src-main/data/synth.ts.
// Usage: node scripts/make-sample.mjs
// synth.ts is bundled on the fly with esbuild (already a dev dependency) and imported from a data: URL.
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'assets', 'sample');

const bundle = await build({
  entryPoints: [path.join(root, 'src-main', 'data', 'synth.ts')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  logLevel: 'warning',
});
const code = bundle.outputFiles[0].text;
const synth = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);

const { options, csv } = synth.pumpStation;
const data = synth.generateSynthetic(options);
const text = synth.toCsv(data, csv);
const startMs = Date.parse(csv.start);
const iso = (row) => new Date(startMs + row * csv.stepSeconds * 1000).toISOString().slice(0, 19);
const truth = {
  description: 'Injected anomaly segments of pump-station.csv; rows are 0-based data rows, start and end inclusive.',
  generator: 'src-main/data/synth.ts (generateSynthetic with pumpStation.options)',
  seed: options.seed,
  rows: options.rows,
  timeColumn: csv.timeColumn,
  labelColumn: 'label',
  signals: options.signals.map((s) => s.name),
  segments: data.segments.map((s) => ({ ...s, startTime: iso(s.start), endTime: iso(s.end) })),
};

await mkdir(out, { recursive: true });
await writeFile(path.join(out, 'pump-station.csv'), text);
await writeFile(path.join(out, 'pump-station.truth.json'), `${JSON.stringify(truth, null, 2)}\n`);

const anomalous = data.rows.reduce((a, r) => a + r[r.length - 1], 0);
console.log(
  `pump-station.csv: ${data.rows.length} rows, ${options.signals.length} signals, ` +
    `${anomalous} anomalous rows (${((100 * anomalous) / data.rows.length).toFixed(1)}%) in ${data.segments.length} segments, ` +
    `${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`,
);
