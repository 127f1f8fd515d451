import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestMigrations, parseManifest, projectFileVersion, upgradeManifestJson, type ManifestMigration } from './project-file';
import { readProject } from './project-folder';

const fixtureBundle = path.resolve('dist/test/save-loop.cjs');
let scratch: string;

beforeAll(async () => {
  // the child runs the real save code, bundled as the app's entries are (its packages resolve from node_modules)
  await build({
    entryPoints: ['src-main/project/save-loop.fixture.ts'],
    outfile: fixtureBundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
  });
  scratch = await mkdtemp(path.join(os.tmpdir(), 'lens-kill-save-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Starts the save loop and kills it (SIGKILL: no handler runs) `delayMs` after its first finished save. */
function killMidSave(projectDir: string, workDir: string, delayMs: number): Promise<{ lastSaved: number; killedAfter: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixtureBundle, projectDir, workDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastSaved = 0;
    let stderr = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const match of chunk.matchAll(/saved (\d+)/g)) lastSaved = Number(match[1]);
      timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the save loop stopped by itself: ${stderr}`));
      else resolve({ lastSaved, killedAfter: delayMs });
    });
  });
}

describe('a project killed during a save', () => {
  it('always opens whole, as the last finished save or the one in progress', async () => {
    const projectDir = path.join(scratch, 'project');
    let leftoversSeen = 0;
    for (let attempt = 0; attempt < 8; attempt++) {
      const { lastSaved } = await killMidSave(projectDir, path.join(scratch, 'work'), 30 + attempt * 37);
      const contents = await readProject(projectDir);
      const generation = Number(contents.manifest.name.replace('generation ', ''));
      // project.json is replaced in one rename: the kill lands before it (last save) or after it
      expect([lastSaved, lastSaved + 1]).toContain(generation);
      expect(contents.manifest.view.runId).toBe(`run_g${generation}`);
      expect(contents.runs.map((record) => record.result.runId)).toEqual(
        [generation - 1, generation].filter((g) => g > 0).map((g) => `run_g${g}`),
      );
      // every file of every run it names is complete: each of its values is its generation number
      for (const record of contents.runs) {
        const g = Number(record.result.runId.replace('run_g', ''));
        expect(record.errors!.every((value) => value === g)).toBe(true);
        expect(record.raw.every((value) => value === g)).toBe(true);
        expect(record.result.scores.every((value) => value === g)).toBe(true);
        expect(record.fitScores.length).toBe(1000);
        expect(record.result.threshold.value).toBe(g);
      }
      const values = new Float32Array((await readFile(path.join(contents.datasetFolders[0]!, 'values.f32'))).buffer.slice(0));
      expect(values.length).toBe(100_000 * 16);
      const partials = (await readdir(path.join(projectDir, 'runs'))).filter((name) => name.includes('.partial-'));
      if (partials.length > 0) leftoversSeen++;
    }
    // the kills did land in the middle of writing a run, not only between saves
    expect(leftoversSeen).toBeGreaterThan(0);
  }, 120_000);
});

describe('project.json versions', () => {
  const file = '/projects/pump/project.json';
  const v1 = { format: 'anomaly-lens-project', version: 1, title: 'Pump', runs: [] };

  it('upgrades an older file step by step through the migration hook', () => {
    const migrations: Record<number, ManifestMigration> = {
      1: ({ title, ...rest }) => ({ ...rest, name: title }),
      2: (manifest) => ({ ...manifest, models: [] }),
    };
    const { upgraded, migratedFrom } = upgradeManifestJson(v1, file, migrations, 3);
    expect(upgraded).toEqual({ format: 'anomaly-lens-project', version: 3, name: 'Pump', runs: [], models: [] });
    expect(migratedFrom).toBe(1);
    expect(upgradeManifestJson({ ...v1, version: 3 }, file, migrations, 3).migratedFrom).toBeNull();
  });

  it('refuses a newer file, a gap in the migrations and a file that is not a project', () => {
    expect(() => upgradeManifestJson({ ...v1, version: 4 }, file, {}, 3)).toThrow(
      `${file} was saved by a newer Anomaly Lens (project version 4; this app reads up to 3): update the app to open it`,
    );
    expect(() => upgradeManifestJson(v1, file, { 1: (m) => m }, 3)).toThrow(`${file}: no upgrade from project version 2 to 3`);
    expect(() => upgradeManifestJson({ version: 1 }, file, {}, 1)).toThrow(`${file} is not an Anomaly Lens project file`);
    expect(() => parseManifest('{"format":', file)).toThrow(`${file} is not valid JSON`);
  });

  it('refuses ids that would name a path outside the project folder', () => {
    const manifest = {
      format: 'anomaly-lens-project', version: 1, name: 'x', savedAt: '2026-01-01T00:00:00Z', appVersion: '0.1.0',
      datasets: [{ id: '../../etc', name: 'x', path: 'x' }], runs: [], models: [],
      view: {
        step: 'data', datasetId: null, roleOf: {}, splitForm: null, missing: 'forward-fill', presetName: null, modelForm: null,
        runId: null, selectedEvent: null, explain: null, compareChecked: [], reportSections: null,
      },
    };
    expect(() => parseManifest(JSON.stringify(manifest), file)).toThrow(/datasets\.0\.id: letters, digits, _ and - only/);
    expect(parseManifest(JSON.stringify({ ...manifest, datasets: [] }), file).manifest.name).toBe('x');
  });

  it('has a migration for every version before the current one', () => {
    // a later version that forgets its migration fails here (version 1 is the first: none yet)
    const versionsBefore = Array.from({ length: projectFileVersion - 1 }, (_, i) => i + 1);
    expect(Object.keys(manifestMigrations).map(Number).sort((a, b) => a - b)).toEqual(versionsBefore);
  });
});
