import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type EventName } from '../../../shared/ipc';
import type { ImportProgress } from '../../../shared/ipc/datasets';
import { forkTransport } from '../../jobs/transport';
import { parseInterpretation } from '../../ml/hitrate';
import { createRouter, type Route } from '../router';
import { createHostServices, type HostServices } from '../services';
import { createHandlers } from '.';
import { datasetsHandlers } from './datasets';

let workspace: string;
let services: HostServices;
let route: Route;
const events: Array<{ event: EventName; payload: any }> = [];

// the real host with the compute process that generates the files
beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'lens-synthesize-'));
  services = await createHostServices({ mode: 'web', workspaceDir: workspace, spawnCompute: () => forkTransport(), log: () => undefined });
  services.events.listen((event, payload) => events.push({ event, payload }));
  route = createRouter(createHandlers(services));
});
afterAll(async () => {
  await services.close();
  await rm(workspace, { recursive: true, force: true });
});

describe('datasets:synthesize', () => {
  const spec = channels['datasets:synthesize'];

  it('writes the CSV and its truth into the workspace and imports it into the store', async () => {
    const request = spec.request.parse({ rows: 3000, signals: 5, anomalyShare: 0.1, kinds: ['mean-shift', 'variance-explosion'], seed: 9 });
    const result = spec.response.parse(await datasetsHandlers(services)['datasets:synthesize'](request));

    expect(result.dataset.rowCount).toBe(3000);
    expect(result.dataset.path.startsWith(path.join(workspace, 'synthetic'))).toBe(true);
    const role = (r: string) => result.dataset.columns.filter((c) => c.suggestedRole === r).map((c) => c.name);
    expect(role('time')).toEqual(['time']);
    expect(role('label')).toEqual(['label']);
    expect(role('signal')).toEqual(['s00', 's01', 's02', 's03', 's04']);
    expect(result.anomalousRows).toBe(300);

    expect(result.truthPath).toBe(`${result.dataset.path}.truth.json`);
    const segments = parseInterpretation(await readFile(result.truthPath, 'utf8'));
    expect(segments).toHaveLength(result.anomalies);
    const m = await services.datasets.matrix(result.dataset.id, { time: 'time', label: 'label', signals: role('signal') });
    for (const s of segments) for (let row = s.start; row < s.end; row++) expect(m.labels![row]).toBe(1);
    expect(m.labels!.reduce((a, b) => a + b, 0)).toBe(300);
    expect((await services.datasets.list()).map((d) => d.id)).toContain(result.dataset.id);
  });

  it('refuses requests beyond the limits at the boundary, naming the field', () => {
    const base = { rows: 3000, signals: 5, anomalyShare: 0.1, kinds: ['mean-shift'], seed: 1 };
    const fieldOf = (request: unknown) => {
      const parsed = spec.request.safeParse(request);
      return parsed.success ? null : parsed.error.issues[0]!.path.join('.');
    };
    expect(fieldOf(base)).toBeNull();
    expect(fieldOf({ ...base, rows: 6_000_000 })).toBe('rows');
    expect(fieldOf({ ...base, signals: 501 })).toBe('signals');
    expect(fieldOf({ ...base, anomalyShare: 0.51 })).toBe('anomalyShare');
    expect(fieldOf({ ...base, kinds: [] })).toBe('kinds');
    expect(fieldOf({ ...base, rows: 5_000_000, signals: 5 })).toBe('rows');
    expect(fieldOf({ ...base, path: '/etc' })).toBe('');
    expect(existsSync(path.join(workspace, 'synthetic'))).toBe(true);
  });
});

/** 2M cells: seconds of generating and formatting, long enough to ask the host something meanwhile. */
const large = { rows: 100_000, signals: 20, anomalyShare: 0.05, kinds: ['mean-shift'], seed: 3 };

/** The first generating step the host pushes after `from` events: the synthesis is under way in the compute process. */
function generatingStarted(from: number): Promise<ImportProgress> {
  return new Promise((resolve) => {
    const check = () => {
      const step = events.slice(from).find((e) => e.event === 'datasets:importProgress' && e.payload.phase === 'generating');
      if (step) resolve(step.payload);
      else setTimeout(check, 5);
    };
    check();
  });
}

describe('datasets:synthesize as a compute job', () => {
  it('keeps answering other requests while a large synthesis runs, and imports the result under the same job', async () => {
    const from = events.length;
    const answered: string[] = [];
    const synthesis = route('datasets:synthesize', large).then((result) => {
      answered.push('datasets:synthesize');
      return result;
    });
    const { jobId } = await generatingStarted(from);
    for (const channel of ['datasets:list', 'app:memory']) {
      expect((await route(channel, {})).ok).toBe(true);
      answered.push(channel);
    }
    const result = await synthesis;
    expect(answered).toEqual(['datasets:list', 'app:memory', 'datasets:synthesize']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const made = result.value as { dataset: { rowCount: number; path: string } };
    expect(made.dataset.rowCount).toBe(large.rows);
    expect(made.dataset.path).toBe(path.join(workspace, 'synthetic', `${jobId}.csv`));

    // one job from generating to the import's own phases; the last generating step covers every row
    const steps = events.slice(from).filter((e) => e.event === 'datasets:importProgress').map((e) => e.payload as ImportProgress);
    expect(steps.every((step) => step.jobId === jobId)).toBe(true);
    const generating = steps.filter((step) => step.phase === 'generating');
    expect(steps.indexOf(generating.at(-1)!)).toBe(generating.length - 1);
    expect(generating.at(-1)).toMatchObject({ rowsDone: large.rows, bytesDone: (await stat(made.dataset.path)).size });
    expect(steps.length).toBeGreaterThan(generating.length);
  });

  it('refuses a second synthesis with BUSY while one runs, naming what runs', async () => {
    const from = events.length;
    const first = route('datasets:synthesize', large);
    await generatingStarted(from);
    const second = await route('datasets:synthesize', { ...large, rows: 1000 });
    expect(second).toMatchObject({ ok: false, error: { code: 'BUSY', message: expect.stringContaining('synthetic dataset being generated') } });
    expect((await first).ok).toBe(true);
  });

  it('cancels a synthesis through datasets:cancelImport, writes nothing, and leaves the compute process free', async () => {
    const from = events.length;
    const synthesis = route('datasets:synthesize', { ...large, seed: 5 });
    const { jobId } = await generatingStarted(from);
    expect(await route('datasets:cancelImport', { jobId })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await synthesis).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    const csvPath = path.join(workspace, 'synthetic', `${jobId}.csv`);
    expect(existsSync(csvPath) || existsSync(`${csvPath}.truth.json`)).toBe(false);
    expect(services.compute.busy).toBe(false);
    expect((await route('datasets:synthesize', { ...large, rows: 1000 })).ok).toBe(true);
  });
});
