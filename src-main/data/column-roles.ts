import type { ColumnInfo } from '../../shared/ipc/datasets';
import type { ColumnRole } from '../../shared/domain/results';

export type ColumnType = ColumnInfo['type'];

/** What we know about one column after profiling it in DuckDB. */
export interface ColumnProfile {
  name: string;
  type: ColumnType;
  sqlType: string;
  nulls: number;
  /** rows with a value */
  valid: number;
  /** numeric and boolean columns only (booleans as 0/1) */
  min: number | null;
  max: number | null;
  /** numeric and boolean columns: every value is 0 or 1 */
  onlyZeroOne: boolean;
  /** integer columns named like time only: strictly increasing with no missing values */
  strictlyIncreasing: boolean;
  /** text columns: a value from the file, quoted in the reason ("text: 'pump-A' is not a number") */
  example?: string | null;
  /** a warning put before the reason, such as how a duplicate or empty header name was renamed */
  note?: string;
}

/** Map a DuckDB type name to the five kinds the app shows. */
export function columnTypeOf(sqlType: string): ColumnType {
  const t = sqlType.toUpperCase();
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'DOUBLE' || t === 'FLOAT' || t === 'REAL' || t.startsWith('DECIMAL')) return 'float';
  if (/^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT))$/.test(t)) return 'integer';
  if (t.startsWith('TIMESTAMP') || t === 'DATE') return 'timestamp';
  return 'text';
}

export function isNumeric(type: ColumnType): boolean {
  return type === 'float' || type === 'integer' || type === 'boolean';
}

/** Lower-case words of a column name: "isAnomaly" and "is_anomaly" both give ["is", "anomaly"]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

const timeWords = new Set(['t', 'time', 'timestamp', 'ts', 'index', 'idx', 'step', 'datetime', 'date']);
const labelWords = new Set(['label', 'labels', 'anomaly', 'anomalies', 'anomalous', 'attack', 'fault', 'outlier', 'target']);
const idWords = new Set(['id', 'uuid', 'key']);

/** An integer column whose name says it is a time axis ("t", "time", "timestamp", "index"). */
export function namedLikeTime(name: string): boolean {
  const words = nameWords(name);
  return words.length > 0 && words.length <= 2 && words.some((w) => timeWords.has(w));
}

export function namedLikeLabel(name: string): boolean {
  return nameWords(name).some((w) => labelWords.has(w));
}

function namedLikeId(name: string): boolean {
  return nameWords(name).some((w) => idWords.has(w));
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 37)}...` : line;
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

/**
 * Suggest a role for every column, with the reason in plain words.
 * At most one time and one label column are suggested: the first that qualifies.
 */
export function suggestRoles(profiles: ColumnProfile[]): ColumnInfo[] {
  const timeIndex = pickTime(profiles);
  const labelIndex = profiles.findIndex(
    (p, i) => i !== timeIndex && isNumeric(p.type) && p.valid > 0 && p.nulls === 0 && p.onlyZeroOne && namedLikeLabel(p.name),
  );
  return profiles.map((p, i) => {
    const [suggestedRole, why] = roleFor(p, i === timeIndex, i === labelIndex, timeIndex >= 0);
    const reason = p.note ? `${p.note}; ${why}` : why;
    return { name: p.name, type: p.type, sqlType: p.sqlType, nulls: p.nulls, suggestedRole, reason, profile: null };
  });
}

function pickTime(profiles: ColumnProfile[]): number {
  const ts = profiles.findIndex((p) => p.type === 'timestamp' && p.valid > 0);
  if (ts >= 0) return ts;
  return profiles.findIndex((p) => p.type === 'integer' && namedLikeTime(p.name) && p.strictlyIncreasing);
}

function roleFor(p: ColumnProfile, isTime: boolean, isLabel: boolean, haveTime: boolean): [ColumnRole, string] {
  if (isTime) {
    return p.type === 'timestamp'
      ? ['time', 'parseable timestamps']
      : ['time', `monotonic row index named ${p.name}`];
  }
  if (isLabel) return ['label', `only 0 and 1, named ${p.name}`];
  if (p.valid === 0) return ['ignore', 'empty: every value is missing'];
  if (p.type === 'timestamp') {
    return ['ignore', haveTime ? 'timestamps; another column is already the time axis' : 'timestamps'];
  }
  if (p.type === 'text') {
    return ['ignore', p.example ? `text: '${shorten(p.example)}' is not a number` : 'text values, not numbers'];
  }
  if (p.type === 'integer' && namedLikeId(p.name)) return ['ignore', 'an identifier, not a measurement'];
  if (p.type === 'integer' && namedLikeTime(p.name) && p.strictlyIncreasing) {
    return ['ignore', 'a second increasing row index; another column is already the time axis'];
  }
  if (p.min !== null && p.min === p.max) {
    return ['signal', `constant (always ${formatNumber(p.min)}): carries no information, consider ignoring it`];
  }
  if (p.type === 'boolean') return ['signal', 'true/false values, used as 0 and 1'];
  const missing = p.nulls > 0 ? `; ${p.nulls} missing values will be filled` : '';
  return ['signal', `numeric${missing}`];
}
