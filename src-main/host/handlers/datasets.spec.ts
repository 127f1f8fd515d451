import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../../shared/ipc';
import { parseInterpretation } from '../../ml/hitrate';
import { createHostServices, type HostServices } from '../services';
import { datasetsHandlers } from './datasets';

let workspace: string;
let services: HostServices;

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'lens-synthesize-'));
  services = await createHostServices({
    mode: 'web',
    workspaceDir: workspace,
    spawnCompute: () => {
      throw new Error('generating and importing needs no compute process');
    },
    log: () => undefined,
  });
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
