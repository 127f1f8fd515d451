import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInterpretation } from '../ml/hitrate';

// vitest's global setup builds dist/main (node scripts/build.mjs --main-only --quiet)
const cli = path.resolve('dist/main/cli.cjs');
let dir: string;

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lens-synth-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('anomaly-lens synth', () => {
  it('writes the CSV and a truth file that analyze --interpretation scores HitRate with', async () => {
    const csv = path.join(dir, 'plant.csv');
    const result = run(['synth', '--out', csv, '--rows', '4000', '--signals', '6', '--anomaly-share', '0.08', '--seed', '11']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${csv} (4000 rows,`);

    const lines = (await readFile(csv, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('time,s00,s01,s02,s03,s04,s05,label');
    expect(lines).toHaveLength(4001);
    const labelled = lines.slice(1).filter((line) => line.endsWith(',1')).length;
    expect(labelled).toBe(320);

    const truthText = await readFile(`${csv}.truth.json`, 'utf8');
    const segments = parseInterpretation(truthText);
    expect(segments.reduce((sum, s) => sum + s.end - s.start, 0)).toBe(labelled);
    for (const s of segments) {
      expect(lines[s.start + 1]!.endsWith(',1') && lines[s.end]!.endsWith(',1')).toBe(true);
      expect(s.signals.every((f) => f >= 0 && f < 6)).toBe(true);
    }
    expect(JSON.parse(truthText).map((s: { kind: string }) => s.kind)).toContain('mean-shift');

    const out = path.join(dir, 'analysis');
    const analysis = run(['analyze', '--train', csv, '--preset', 'pca', '--interpretation', `${csv}.truth.json`, '--out', out]);
    expect(analysis.status, analysis.stderr).toBe(0);
    const metrics = JSON.parse(await readFile(path.join(out, 'metrics.json'), 'utf8'));
    expect(metrics.hitrate_rows).toBe(labelled);
    expect(metrics.hitrate_150).toBeGreaterThanOrEqual(metrics.hitrate_100);
  });

  it('gives the same bytes for the same seed', async () => {
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    for (const file of [a, b]) expect(run(['synth', '--out', file, '--rows', '500', '--signals', 'x,y,z', '--kinds', 'variance-explosion']).status).toBe(0);
    expect(await readFile(a, 'utf8')).toBe(await readFile(b, 'utf8'));
    expect(await readFile(`${a}.truth.json`, 'utf8')).toBe(await readFile(`${b}.truth.json`, 'utf8'));
  });

  it('refuses bad arguments in one line with exit code 2 and writes nothing', () => {
    const out = path.join(dir, 'bad.csv');
    const cases: [string[], RegExp][] = [
      [['--rows', '100'], /--out <file.csv> is required/],
      [['--out', out, '--anomaly-share', '0.7'], /^anomaly-lens: --anomaly-share: .*0\.5/],
      [['--out', out, '--kinds', 'mean-shift,spike'], /^anomaly-lens: --kinds: /],
      [['--out', out, '--rows', 'many'], /^anomaly-lens: --rows: /],
      [['--out', out, '--signals', 'a,label'], /^anomaly-lens: --signals: time and label/],
      [['--out', out, '--rows', '5000000', '--signals', '500'], /rows x signals must be at most/],
    ];
    for (const [args, message] of cases) {
      const result = run(['synth', ...args]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync(out)).toBe(false);
  });
});
