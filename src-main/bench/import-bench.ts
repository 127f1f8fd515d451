/**
 * Import speed of the fast numeric CSV reader on a large generated file, next to pandas when
 * Debian's pandas is installed. Each reader runs in a child process of its own so its wall time and
 * peak RSS are its own. The file (2.5M rows x 40 floats + an integer `t` column, ~1 GB by default)
 * is generated once and cached in os.tmpdir().
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../shared/random';

export interface ImportBenchFigure {
  name: string;
  value: number;
  unit: string;
  backend: string;
}

export interface ImportBenchOptions {
  /** data rows; 2.5M is ~1 GB, 500k ~200 MB */
  rows?: number;
  columns?: number;
  /** worker threads for the fast reader; default os.availableParallelism() */
  workers?: number;
  /** print one line per step (default true) */
  log?: boolean;
}

const python = '/usr/bin/python3';

/** Deterministic CSV: `t` (row index) then `columns` values with 6 decimals; cached by name. */
export function benchCsv(rows: number, columns: number): string {
  const file = path.join(os.tmpdir(), `lens-import-bench-${rows}x${columns}.csv`);
  if (existsSync(file) && statSync(file).size > 0) return file;
  const partial = `${file}.${process.pid}.partial`;
  const fd = openSync(partial, 'w');
  try {
    const uniform = mulberry32(20240611);
    const scales = Array.from({ length: columns }, (_, c) => 10 ** (c % 3));
    writeSync(fd, `t,${Array.from({ length: columns }, (_, c) => `s${c}`).join(',')}\n`);
    let chunk = '';
    for (let r = 0; r < rows; r++) {
      let line = String(r);
      for (let c = 0; c < columns; c++) {
        // sum of uniforms: bell-shaped, cheap; fixed-point text without toFixed
        const x = Math.round((uniform() + uniform() + uniform() - 1.5) * 2 * scales[c]! * 1e6);
        const a = Math.abs(x);
        const whole = Math.floor(a / 1e6);
        const frac = String(a - whole * 1e6);
        line += (x < 0 ? ',-' : ',') + whole + '.' + '000000'.slice(frac.length) + frac;
      }
      chunk += line + '\n';
      if (chunk.length > 1 << 22) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
  return file;
}

/** The reader's TypeScript source, from the sources (vitest) or from dist/main/*.cjs (bundle). */
function readerSource(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.resolve(here, '../data/fast-csv/parallel-reader.ts'),
    path.resolve(here, '../../src-main/data/fast-csv/parallel-reader.ts'),
  ];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`fast-csv sources not found (looked at ${candidates.join(', ')})`);
  return found;
}

interface ChildReport {
  seconds: number;
  maxRssMb: number;
  n?: number;
  k?: number;
  workers?: number;
}

function runChild(command: string, args: string[]): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`${command} exited with ${code}: ${err.slice(-2000)}`));
      else resolve(JSON.parse(last) as ChildReport);
    });
  });
}

/** Bundle a tiny child program around readNumericCsv (esbuild, as `npm run build` does) and run it. */
async function fastCsvInChild(file: string, workers: number | undefined): Promise<ChildReport> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lens-import-bench-'));
  try {
    const { build } = await import('esbuild');
    const entry = `
      import { readNumericCsv } from ${JSON.stringify(readerSource())};
      import os from 'node:os';
      const workers = ${workers === undefined ? 'os.availableParallelism()' : workers};
      const started = performance.now();
      readNumericCsv(${JSON.stringify(file)}, { delimiter: ',', header: true, timeColumn: 't', workers }).then((table) => {
        const seconds = (performance.now() - started) / 1000;
        const maxRssMb = process.resourceUsage().maxRSS / 1024;
        console.log(JSON.stringify({ seconds, maxRssMb, n: table.n, k: table.numericColumns.length, workers }));
      }, (error) => { console.error(error); process.exit(1); });
    `;
    const outfile = path.join(dir, 'child.cjs');
    await build({ stdin: { contents: entry, resolveDir: dir, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error' });
    return await runChild(process.execPath, [outfile]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function pandasPresent(): boolean {
  return spawnSync(python, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
}

async function pandasInChild(file: string): Promise<ChildReport & { version: string }> {
  const script = [
    'import json, resource, sys, time',
    'import pandas as pd',
    'started = time.perf_counter()',
    'x = pd.read_csv(sys.argv[1]).to_numpy(dtype="float32")',
    'seconds = time.perf_counter() - started',
    'print(json.dumps({"seconds": seconds, "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "n": x.shape[0], "k": x.shape[1], "version": pd.__version__}))',
  ].join('\n');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lens-import-bench-'));
  try {
    const scriptFile = path.join(dir, 'pandas_read.py');
    await writeFile(scriptFile, script);
    return (await runChild(python, [scriptFile, file])) as ChildReport & { version: string };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Import figures: fast-csv MB/s and peak RSS (with the bound 2.5 x matrix + 500 MB), pandas MB/s and
 * the ratio when Debian's pandas is present (else one line says how to install it).
 */
export async function importBench(options: ImportBenchOptions = {}): Promise<ImportBenchFigure[]> {
  const rows = options.rows ?? 2_500_000;
  const columns = options.columns ?? 40;
  const say = options.log === false ? () => {} : (line: string) => console.log(line);
  const started = performance.now();
  const file = benchCsv(rows, columns);
  const mb = statSync(file).size / 1e6;
  say(`import bench: ${file} (${mb.toFixed(0)} MB, ${rows} x ${columns + 1}) ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const label = `${mb.toFixed(0)} MB, ${rows} x ${columns + 1}`;
  const matrixMb = (rows * columns * 4) / 1e6;

  const ours = await fastCsvInChild(file, options.workers);
  const backend = `fast-csv (${ours.workers} worker threads)`;
  const oursMbps = mb / ours.seconds;
  say(`import bench: fast-csv ${ours.seconds.toFixed(2)} s, ${oursMbps.toFixed(0)} MB/s, peak RSS ${ours.maxRssMb.toFixed(0)} MB`);
  const figures: ImportBenchFigure[] = [
    { name: `CSV import, fast-csv (${label}): throughput`, value: round1(oursMbps), unit: 'MB/s', backend },
    { name: `CSV import, fast-csv (${label}): peak RSS`, value: Math.round(ours.maxRssMb), unit: 'MB', backend },
    { name: `CSV import (${label}): RSS bound 2.5 x Float32 matrix + 500 MB`, value: Math.round(2.5 * matrixMb + 500), unit: 'MB', backend },
  ];
  if (!pandasPresent()) {
    say('pandas peer missing (apt-get install python3-pandas)');
    return figures;
  }
  const peer = await pandasInChild(file);
  const peerMbps = mb / peer.seconds;
  say(`import bench: pandas ${peer.version} ${peer.seconds.toFixed(2)} s, ${peerMbps.toFixed(0)} MB/s, peak RSS ${peer.maxRssMb.toFixed(0)} MB`);
  const peerBackend = `pandas ${peer.version} read_csv + to_numpy(float32), ${python}`;
  figures.push(
    { name: `CSV import, pandas (${label}): throughput`, value: round1(peerMbps), unit: 'MB/s', backend: peerBackend },
    { name: `CSV import, pandas (${label}): peak RSS`, value: Math.round(peer.maxRssMb), unit: 'MB', backend: peerBackend },
    { name: `CSV import (${label}): fast-csv / pandas throughput`, value: Math.round((oursMbps / peerMbps) * 100) / 100, unit: 'x', backend },
  );
  return figures;
}
