// A fake host for the project specs: it keeps saved projects in memory and answers the channels a
// restored session asks, so a spec can save, start a fresh renderer and reopen.
import { presets } from '../../shared/domain/presets';
import type { LensBridge } from '../../shared/ipc';
import type { ColumnInfo, DatasetSummary } from '../../shared/ipc/datasets';
import type { ProjectInfo, ProjectView, RecentProject } from '../../shared/ipc/projects';
import { metrics, runResult } from '../views/test-run';

const column = (name: string, suggestedRole: ColumnInfo['suggestedRole']): ColumnInfo => ({
  name, type: name === 'time' ? 'timestamp' : 'float', sqlType: 'DOUBLE', nulls: 0, suggestedRole, reason: 'test', profile: null,
});
export const summary: DatasetSummary = {
  id: 'ds', name: 'pumps.csv', path: '/data/pumps.csv', bytes: 100, rowCount: 6,
  columns: [column('time', 'time'), column('a', 'signal'), column('b', 'signal'), column('c', 'signal'), column('label', 'label')],
  preview: [], dialect: { format: 'csv', delimiter: ',', quote: '"', header: true, encoding: 'utf-8', compression: 'none' },
  importedAt: '2026-01-01T00:00:00Z', importSeconds: 0.1,
};
export const events = [
  { index: 0, start: 2, end: 2, peakRow: 2, peakScore: 0.9 },
  { index: 1, start: 4, end: 4, peakRow: 4, peakScore: 0.8 },
];

type Call = { channel: string; request: any };

export function fakeProjectHost() {
  const calls: Call[] = [];
  const saved = new Map<string, { name: string; savedAt: string; view: ProjectView }>();
  const host = {
    current: null as ProjectInfo | null,
    recent: [] as RecentProject[],
    threshold: { rule: { kind: 'percentile', p: 99 }, value: 0.85, alarms: { mergeGap: 0, minAlarms: 1, window: 1 }, events, metrics: metrics(0.7, 0.7) } as any,
    pickedFolder: null as string | null,
  };
  let clock = 0;
  const fail = (code: string, message: string) => ({ ok: false, error: { code, message } });

  function answer(channel: string, request: any): unknown {
    switch (channel) {
      case 'datasets:get':
        return request.datasetId === summary.id ? summary : fail('NOT_FOUND', `no dataset ${request.datasetId}`);
      case 'datasets:list':
        return [];
      case 'datasets:missing':
        return { rows: 6, rowsWithMissing: 0, cellsMissing: 0, first: null };
      case 'datasets:overview':
        return { column: request.column, rowCount: 6, bucketSize: 1, min: [0], max: [1], labels: [0] };
      case 'models:presets':
        return presets;
      case 'models:describe':
        return { parameterCount: 10, issues: [], epochMs: null };
      case 'results:get':
        return runResult({ runId: request.runId, datasetId: summary.id, threshold: host.threshold });
      case 'results:setThreshold':
        host.threshold = { ...host.threshold, rule: request.rule, value: request.rule.value ?? 0.4 };
        return host.threshold;
      case 'results:thresholdCurve':
      case 'results:rocPr':
        return fail('NOT_SUPPORTED', channel);
      case 'results:explainEvent':
        return { event: events[request.eventIndex], contributions: [] };
      case 'results:heatmap': {
        const rows = request.rowEnd - request.rowStart;
        return { rowStart: request.rowStart, rowEnd: request.rowEnd, bucketSize: 1, signals: ['a', 'b'], values: new Float32Array(rows * 2), maxValue: 0 };
      }
      case 'results:signals':
        return { rowStart: request.rowStart, rowEnd: request.rowEnd, bucketSize: 1, signals: [] };
      case 'compare:runs':
        return ['run-1', 'run-2'].map((runId) => ({ runId }));
      case 'reports:preview':
        return { html: '<p>report</p>', charts: 0 };
      case 'projects:current':
        return host.current && { ...host.current, view: saved.get(host.current.dir)!.view };
      case 'projects:recent':
        return host.recent;
      case 'projects:forget':
        host.recent = host.recent.filter((project) => project.dir !== request.dir);
        return host.recent;
      case 'projects:pickFolder':
        return { dir: host.pickedFolder };
      case 'projects:save': {
        const dir = request.dir ?? host.current?.dir;
        if (!dir) return fail('BAD_REQUEST', 'no project is open: save it as a project first');
        if (dir !== host.current?.dir && saved.has(dir) && !request.replace) return fail('CONFLICT', `${dir} holds another project: saving there replaces it`);
        const info = { dir, name: request.name ?? host.current?.name ?? dir.split('/').at(-1)!, savedAt: `2026-02-01T10:0${clock++}:00Z` };
        saved.set(dir, { name: info.name, savedAt: info.savedAt, view: request.view });
        host.current = info;
        host.recent = [{ ...info, available: true }, ...host.recent.filter((project) => project.dir !== dir)];
        return info;
      }
      case 'projects:open': {
        const project = saved.get(request.dir);
        if (!project) return fail('BAD_REQUEST', `${request.dir}/project.json is not an Anomaly Lens project: no such file`);
        host.current = { dir: request.dir, name: project.name, savedAt: project.savedAt };
        return { ...host.current, view: project.view, runIds: ['run-1', 'run-2'], migratedFrom: null };
      }
      default:
        return fail('NOT_SUPPORTED', channel);
    }
  }

  const bridge: LensBridge = {
    async invoke(channel, request) {
      calls.push({ channel, request });
      const value = answer(channel, request);
      const failed = value !== null && typeof value === 'object' && 'ok' in value && value.ok === false;
      return (failed ? value : { ok: true, value }) as never;
    },
    subscribe: () => () => undefined,
  };
  const last = (channel: string) => calls.filter((call) => call.channel === channel).at(-1)?.request;
  return { bridge, calls, saved, host, last };
}
