import type { RunComparison } from '../../shared/ipc/compare';

/** A run as the table shows it: numbered in training order, which also names it in the charts. */
export interface CompareRow {
  run: RunComparison;
  number: number;
  label: string;
}

export const metricColumns = [
  { key: 'rocAuc', label: 'ROC-AUC', hint: 'how well scores rank anomalies above normal rows, any threshold' },
  { key: 'prAuc', label: 'PR-AUC', hint: 'average precision over all thresholds' },
  { key: 'f1', label: 'F1', hint: "point-wise F1 at the run's threshold" },
  { key: 'bestF1', label: 'best F1', hint: 'the best F1 any threshold reaches on the test rows: what the scores allow' },
  { key: 'eventF1', label: 'event F1', hint: 'F1 over events: a labelled event is found by an alarm inside it' },
] as const;
type MetricKey = (typeof metricColumns)[number]['key'];

export type SortKey = 'number' | 'family' | 'preset' | MetricKey | 'trainSeconds' | 'epochsRun' | `setting:${string}`;
export interface TableSort {
  key: SortKey;
  descending: boolean;
}

export function compareRows(runs: RunComparison[]): CompareRow[] {
  return runs.map((run, i) => ({ run, number: i + 1, label: `#${i + 1} ${run.preset}` }));
}

/**
 * The settings worth a column: those two runs that both have them disagree on (what a sweep
 * varied). Settings a run alone has (PCA's variance, a dense model's layers) say nothing side by side.
 */
export function settingColumns(runs: RunComparison[]): Array<{ key: string; label: string }> {
  const columns = new Map<string, { label: string; values: Set<string> }>();
  for (const run of runs) {
    for (const setting of run.settings) {
      const column = columns.get(setting.key) ?? { label: setting.label, values: new Set() };
      column.values.add(String(setting.value));
      columns.set(setting.key, column);
    }
  }
  return [...columns].filter(([, column]) => column.values.size > 1).map(([key, { label }]) => ({ key, label }));
}

export function settingOf(run: RunComparison, key: string): number | string | null {
  return run.settings.find((setting) => setting.key === key)?.value ?? null;
}

function valueOf(row: CompareRow, key: SortKey): number | string | null {
  if (key.startsWith('setting:')) return settingOf(row.run, key.slice('setting:'.length));
  if (key === 'number') return row.number;
  if (key === 'family' || key === 'preset' || key === 'trainSeconds' || key === 'epochsRun') return row.run[key];
  return row.run.metrics[key as MetricKey];
}

/** Numbers by value, text alphabetically; a missing value goes last whichever the direction; ties keep training order. */
export function sortRows(rows: CompareRow[], sort: TableSort): CompareRow[] {
  const direction = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const [x, y] = [valueOf(a, sort.key), valueOf(b, sort.key)];
    if (x === null || y === null) return x === y ? a.number - b.number : x === null ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return order !== 0 ? direction * order : a.number - b.number;
  });
}

/** A click on a header: the same column flips; a metric starts with the best first, anything else ascending. */
export function nextSort(current: TableSort, key: SortKey): TableSort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: metricColumns.some((column) => column.key === key) };
}
