import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnProfileSchema, dialectSchema } from '../../shared/ipc/datasets';

// vitest's global setup builds dist/main (node scripts/build.mjs --main-only --quiet)
const cli = path.resolve('dist/main/cli.cjs');
const nab = path.resolve('../shared/datasets/nab-machine-temperature.csv');
let dir: string;

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lens-inspect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('anomaly-lens inspect', () => {
  it('prints dialect, estimated rows, roles and sampled profiles as JSON', () => {
    const result = run(['inspect', nab]);
    expect(result.status, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.file).toBe(nab);
    expect(dialectSchema.parse(out.dialect)).toMatchObject({ format: 'csv', delimiter: ',', header: true });
    expect(out.sampled).toBe(true);
    expect(out.rowEstimate).toBeGreaterThan(20_000);
    expect(out.columns.map((c: { name: string; role: string }) => [c.name, c.role])).toEqual([
      ['timestamp', 'time'],
      ['value', 'signal'],
      ['label', 'label'],
    ]);
    for (const c of out.columns) columnProfileSchema.parse(c.profile);
    console.log(`inspect ${path.basename(nab)}: ${out.inspectMs} ms`);
  });

  it('--full reads every row: exact row count and profiles over all rows', () => {
    const result = run(['inspect', nab, '--full']);
    expect(result.status, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.rowCount).toBe(22_695);
    expect(out.columns.every((c: { profile: { count: number } }) => c.profile.count === 22_695)).toBe(true);
    expect(out.columns[2].profile).toMatchObject({ min: 0, max: 1, distinct: 2 });
  });

  it('a bad file exits 2 with the import error; a missing argument with the usage', async () => {
    const ragged = path.join(dir, 'ragged.csv');
    await writeFile(ragged, 'a,b\n1,2\n3,4,5\n');
    const bad = run(['inspect', ragged]);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(`anomaly-lens: ${ragged}, line 3: expected 2 values separated by "," like the header, found 3.\n`);
    const usage = run(['inspect']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe('anomaly-lens: expected one file: anomaly-lens inspect <file> [--full]\n');
  });
});
