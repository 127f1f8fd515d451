import { describe, expect, it } from 'vitest';
import { columnTypeOf, nameWords, namedLikeLabel, namedLikeTime, suggestRoles, type ColumnProfile } from './column-roles';

const numeric = (name: string, extra: Partial<ColumnProfile> = {}): ColumnProfile => ({
  name, type: 'float', sqlType: 'DOUBLE', nulls: 0, valid: 10, min: 0, max: 5, onlyZeroOne: false, strictlyIncreasing: false, ...extra,
});

describe('column roles', () => {
  it('maps DuckDB types to the five kinds', () => {
    expect(['DOUBLE', 'FLOAT', 'DECIMAL(18,3)', 'BIGINT', 'UTINYINT', 'BOOLEAN', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'DATE', 'VARCHAR', 'TIME'].map(columnTypeOf)).toEqual(
      ['float', 'float', 'float', 'integer', 'integer', 'boolean', 'timestamp', 'timestamp', 'timestamp', 'text', 'text'],
    );
  });

  it('reads names the way people write them', () => {
    expect(nameWords('isAnomaly')).toEqual(['is', 'anomaly']);
    expect(namedLikeLabel('is_anomaly')).toBe(true);
    expect(namedLikeLabel('Attack')).toBe(true);
    expect(namedLikeLabel('value')).toBe(false);
    expect(namedLikeTime('t')).toBe(true);
    expect(namedLikeTime('row_index')).toBe(true);
    expect(namedLikeTime('temperature')).toBe(false);
  });

  it('suggests one time and one label column, with reasons', () => {
    const cols = suggestRoles([
      numeric('ts1', { type: 'timestamp', sqlType: 'TIMESTAMP', min: null, max: null }),
      numeric('ts2', { type: 'timestamp', sqlType: 'TIMESTAMP', min: null, max: null }),
      numeric('fault', { type: 'integer', onlyZeroOne: true, min: 0, max: 1 }),
      numeric('label', { type: 'integer', onlyZeroOne: true, min: 0, max: 1 }),
      numeric('flat', { min: 3, max: 3 }),
      numeric('gone', { valid: 0, nulls: 10, min: null, max: null }),
      numeric('note', { type: 'text', sqlType: 'VARCHAR', min: null, max: null }),
    ]);
    expect(cols.map((c) => c.suggestedRole)).toEqual(['time', 'ignore', 'label', 'signal', 'signal', 'ignore', 'ignore']);
    expect(cols[0].reason).toBe('parseable timestamps');
    expect(cols[2].reason).toBe('only 0 and 1, named fault');
    expect(cols[4].reason).toMatch(/^constant \(always 3\)/);
    expect(cols[6].reason).toMatch(/text/);
  });
});
