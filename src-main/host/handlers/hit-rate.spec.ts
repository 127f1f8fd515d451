import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../../shared/ipc';
import { forkTransport } from '../../jobs/transport';
import { parseInterpretation } from '../../ml/hitrate';
import { RunStore } from '../runs';
import { createHostServices, type HostServices } from '../services';
import { testRunRecord } from '../test-runs';
import { datasetsHandlers } from './datasets';
import { hitRateHandlers } from './hit-rate';

let workspace: string;
let services: HostServices;

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'lens-hitrate-'));
  services = await createHostServices({
    mode: 'web',
    workspaceDir: workspace,
    // HitRate needs none, but the synthetic dataset it is checked on is generated there
    spawnCompute: () => forkTransport(),
    log: () => undefined,
  });
});
afterAll(async () => {
  await services.close();
  await rm(workspace, { recursive: true, force: true });
});

describe('results:hitRate', () => {
  it('scores explanations against a synthetic truth file: all culprits found when they carry the error, none when others do', async () => {
    const made = await datasetsHandlers(services)['datasets:synthesize']({ rows: 2000, signals: 5, anomalyShare: 0.1, kinds: ['mean-shift', 'correlation-break'], seed: 3 });
    const signals = made.dataset.columns.filter((column) => column.suggestedRole === 'signal').map((column) => column.name);
    const truth = parseInterpretation(await readFile(made.truthPath, 'utf8'));
    const culpritOf = (row: number) => new Set(truth.filter((segment) => row >= segment.start && row < segment.end).flatMap((segment) => segment.signals));
    const labels = Array.from({ length: 2000 }, (_, row) => (culpritOf(row).size > 0 ? 1 : 0));
    // E = 1 on the culprits of the row's segment (or on every other signal), 0 elsewhere
    const errorsWhere = (onCulprits: boolean) =>
      Array.from({ length: 2000 * signals.length }, (_, i) => (culpritOf(Math.floor(i / signals.length)).has(i % signals.length) === onCulprits ? 1 : 0));
    const runs = new RunStore();
    for (const [runId, onCulprits] of [['right', true], ['wrong', false]] as const) {
      const record = testRunRecord({ scores: labels, labels, signals, raw: new Array(2000 * signals.length).fill(0), errors: errorsWhere(onCulprits) });
      record.result.runId = runId;
      record.result.datasetId = made.dataset.id;
      runs.add(record);
    }
    const handlers = hitRateHandlers({ runs, datasets: services.datasets });
    const spec = channels['results:hitRate'];
    const right = spec.response.parse(await handlers['results:hitRate']({ runId: 'right', truthPath: made.truthPath }));
    expect(right.rows).toBe(labels.filter((label) => label === 1).length);
    expect([right.rowHitRate100, right.rowHitRate150]).toEqual([1, 1]);
    const wrong = await handlers['results:hitRate']({ runId: 'wrong', truthPath: made.truthPath });
    expect([wrong.rowHitRate100, wrong.rowHitRate150]).toEqual([0, 0]);
    // the product's ranking pools each signal's peak over the smoothing span, so it sees the same here
    expect(right.hitRate100).toBeGreaterThan(wrong.hitRate100);
  });

  it('names the truth file that cannot be read or does not fit', async () => {
    const runs = new RunStore();
    runs.add(testRunRecord({ scores: [0, 1], signals: ['a'], errors: [0, 1] }));
    const handlers = hitRateHandlers({ runs, datasets: services.datasets });
    const broken = path.join(workspace, 'broken.json');
    await writeFile(broken, '{"not": "a list"}');
    await expect(handlers['results:hitRate']({ runId: 'r1', truthPath: broken })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(broken) });
    await expect(handlers['results:hitRate']({ runId: 'r1', truthPath: path.join(workspace, 'absent.json') })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
