import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hitRate, hitRateOfRanking, mapCulpritsToColumns, parseInterpretation, poolSegment } from './hitrate';

describe('hitRateOfRanking', () => {
  // ranking of 5 signals: 3 > 1 > 4 > 0 > 2
  const scores = [0.2, 0.8, 0.1, 0.9, 0.5];

  it('looks at the top floor(P% x |T|) signals', () => {
    // T = {1, 0}: @100 top 2 = {3, 1} -> 1 of 2; @150 top 3 = {3, 1, 4} -> 1 of 2; @200 top 4 adds 0 -> 2 of 2
    expect(hitRateOfRanking(scores, [1, 0], 100)).toBe(0.5);
    expect(hitRateOfRanking(scores, [1, 0], 150)).toBe(0.5);
    expect(hitRateOfRanking(scores, [1, 0], 200)).toBe(1);
    // T = {3, 4, 2}: @100 top 3 = {3, 1, 4} -> 2/3; @150 floor(4.5) = 4 -> {3,1,4,0} -> 2/3
    expect(hitRateOfRanking(scores, [3, 4, 2], 100)).toBeCloseTo(2 / 3, 12);
    expect(hitRateOfRanking(scores, [3, 4, 2], 150)).toBeCloseTo(2 / 3, 12);
    // T = {2}: floor(1.5) = 1 -> top 1 = {3}
    expect(hitRateOfRanking(scores, [2], 150)).toBe(0);
    expect(hitRateOfRanking(scores, [3], 100)).toBe(1);
  });

  it('caps k at the number of signals, ignores duplicate culprits, never finds a missing (-1) culprit', () => {
    expect(hitRateOfRanking(scores, [0, 1, 2, 3], 150)).toBe(1); // k = 6 > 5 signals
    expect(hitRateOfRanking(scores, [3, 3, 1], 100)).toBe(1); // T = {3, 1}, k = 2
    expect(hitRateOfRanking(scores, [3, -1], 100)).toBe(0.5);
    expect(hitRateOfRanking(scores, [], 100)).toBe(0);
  });

  it('breaks ties by column order and ranks NaN last', () => {
    expect(hitRateOfRanking([1, 1, 1], [0], 100)).toBe(1);
    expect(hitRateOfRanking([1, 1, 1], [2], 100)).toBe(0);
    expect(hitRateOfRanking([NaN, 0, -1], [0], 100)).toBe(0);
  });
});

describe('hitRate over rows', () => {
  // 6 rows x 3 signals
  // prettier-ignore
  const E = Float32Array.from([
    9, 0, 0, // row 0: outside every segment
    1, 5, 2, // row 1: segment A, ranking 1 > 2 > 0
    4, 1, 2, // row 2: segment A, ranking 0 > 2 > 1
    0, 0, 7, // row 3: segment A and B (nested), ranking 2 > 0 = 1
    3, 2, 1, // row 4: unlabelled in the label column
    0, 0, 0, // row 5
  ]);
  const segments = [
    { start: 1, end: 5, signals: [1] }, // A: rows 1..4
    { start: 3, end: 4, signals: [2] }, // B: row 3
  ];

  it('averages each covered row ranked by its own error, with the union of culprits on overlaps', () => {
    // row1 T={1}: top1 {1} -> 1; row2 T={1}: {0} -> 0; row3 T={1,2}: top2 {2,0} -> 0.5; row4 T={1}: {0} -> 0
    const r = hitRate({ E, nSignals: 3, segments, percents: [100, 200] });
    expect(r.rows).toBe(4);
    expect(r.hitRates[0]).toBeCloseTo((1 + 0 + 0.5 + 0) / 4, 12);
    // @200: row1 top2 {1,2} -> 1; row2 top2 {0,2} -> 0; row3 top 3 (k=4 capped) -> 1; row4 top2 {0,1} -> 1
    expect(r.hitRates[1]).toBeCloseTo(3 / 4, 12);
  });

  it('counts only labelled rows when labels are given', () => {
    const labels = [0, 1, 1, 1, 0, 0];
    const r = hitRate({ E, nSignals: 3, segments, percents: [100], labels });
    expect(r.rows).toBe(3);
    expect(r.hitRates[0]).toBeCloseTo(1.5 / 3, 12);
  });

  it('pools over the shortest segment covering a row', () => {
    // A rows 1..4, mean per signal: (1+4+0+3)/4=2, (5+1+0+2)/4=2, (2+2+7+1)/4=3 -> ranking 2 > 0 > 1 (tie 0,1 by column)
    // rows 1, 2, 4 (T={1}): top1 {2} -> 0; row 3 pooled over B (row 3 only): T={1,2}, top2 {2,0} -> 0.5
    const mean = hitRate({ E, nSignals: 3, segments, percents: [100], pooling: 'mean' });
    expect(mean.hitRates[0]).toBeCloseTo(0.5 / 4, 12);
    // peak over A: 4, 5, 7 -> ranking 2 > 1 > 0: rows 1, 2, 4 top1 {2} -> 0
    const peak = hitRate({ E, nSignals: 3, segments, percents: [200], pooling: 'peak' });
    // @200: rows 1,2,4 top2 {2,1} -> 1; row 3 -> 1
    expect(peak.hitRates[0]).toBe(1);
  });

  it("pools each row's peak over its own smoothing span, without looking at the segments' ends", () => {
    // rows 1..4, T={1} except row 3 (T={1,2}); centred spans of 3 rows
    // row 1 over rows 0..2: peaks 9, 5, 2 -> top1 {0} -> 0
    // row 2 over rows 1..3: peaks 4, 5, 7 -> top1 {2} -> 0
    // row 3 over rows 2..4: peaks 4, 2, 7 -> top2 {2, 0} -> 0.5
    // row 4 over rows 3..5: peaks 3, 2, 7 -> top1 {2} -> 0
    const centred = hitRate({ E, nSignals: 3, segments, percents: [100], pooling: 'span-peak', span: { rows: 3, align: 'centred' } });
    expect(centred.hitRates[0]).toBeCloseTo(0.5 / 4, 12);
    // trailing spans of 2 rows: row 1 over 0..1 -> {0}: 0; row 2 over 1..2 -> peaks 4, 5, 2 -> {1}: 1;
    // row 3 over 2..3 -> peaks 4, 1, 7 -> top2 {2, 0}: 0.5; row 4 over 3..4 -> peaks 3, 2, 7 -> {2}: 0
    const trailing = hitRate({ E, nSignals: 3, segments, percents: [100], pooling: 'span-peak', span: { rows: 2, align: 'trailing' } });
    expect(trailing.hitRates[0]).toBeCloseTo(1.5 / 4, 12);
    expect(() => hitRate({ E, nSignals: 3, segments, percents: [100], pooling: 'span-peak' })).toThrow(/span/);
  });

  it('ranks by (e - center) / scale when given', () => {
    // scale [1, 10, 1]: row 1 becomes 1, 0.5, 2 -> top1 {2}
    const scaled = hitRate({ E, nSignals: 3, segments: [{ start: 1, end: 2, signals: [1] }], percents: [100], scale: [1, 10, 1] });
    expect(scaled.hitRates[0]).toBe(0);
    // center [0, 4.5, 0]: row 1 becomes 1, 0.5, 2
    const centred = hitRate({ E, nSignals: 3, segments: [{ start: 1, end: 2, signals: [1] }], percents: [100], center: [0, 4.5, 0] });
    expect(centred.hitRates[0]).toBe(0);
    expect(() => hitRate({ E, nSignals: 3, segments, percents: [100], scale: [1, 2] })).toThrow(/scale has 2 values/);
  });

  it('returns 0 over no covered rows and skips rows beyond E', () => {
    expect(hitRate({ E, nSignals: 3, segments: [{ start: 6, end: 9, signals: [0] }], percents: [100] })).toEqual({ hitRates: [0], rows: 0 });
  });
});

describe('poolSegment', () => {
  const E = Float32Array.from([1, 10, 3, 20, 2, 0, 8, 5]); // 4 rows x 2
  it('pools mean, peak and median per signal', () => {
    expect(Array.from(poolSegment(E, 2, 0, 4, 'mean'))).toEqual([3.5, 8.75]);
    expect(Array.from(poolSegment(E, 2, 0, 4, 'peak'))).toEqual([8, 20]);
    expect(Array.from(poolSegment(E, 2, 0, 4, 'median'))).toEqual([2.5, 7.5]);
    expect(Array.from(poolSegment(E, 2, 0, 3, 'median'))).toEqual([2, 10]);
  });
});

describe('parseInterpretation', () => {
  it('reads the JSON list (0-based features) and checks it against raw', () => {
    const json = '[{"start": 5, "end": 9, "features": [0, 5], "raw": "5-9:1,6"}, {"start": 20, "end": 21, "features": [2]}]';
    expect(parseInterpretation(json)).toEqual([
      { start: 5, end: 9, signals: [0, 5] },
      { start: 20, end: 21, signals: [2] },
    ]);
    expect(() => parseInterpretation('[{"start": 5, "end": 9, "features": [1, 6], "raw": "5-9:1,6"}]')).toThrow(/disagrees/);
    expect(() => parseInterpretation('[{"start": 9, "end": 9, "features": [1]}]')).toThrow(/at or before/);
    expect(() => parseInterpretation('{"a": 1}')).toThrow(/JSON list/);
    expect(() => parseInterpretation('[1,')).toThrow(/not valid JSON/);
  });

  it("reads OmniAnomaly's text lines with 1-based dimensions", () => {
    expect(parseInterpretation('15-20:1,3\n\n30-31:38\n')).toEqual([
      { start: 15, end: 20, signals: [0, 2] },
      { start: 30, end: 31, signals: [37] },
    ]);
    expect(() => parseInterpretation('15-20:0')).toThrow(/from 1/);
    expect(() => parseInterpretation('15-20')).toThrow(/line 1/);
  });

  it('maps source features to run columns by name; left-out signals become -1', () => {
    const segments = [{ start: 0, end: 2, signals: [0, 2] }];
    expect(mapCulpritsToColumns(segments, ['f00', 'f01', 'f02'], ['f02', 'f01'])).toEqual([{ start: 0, end: 2, signals: [-1, 0] }]);
    expect(() => mapCulpritsToColumns([{ start: 0, end: 1, signals: [3] }], ['f00'], ['f00'])).toThrow(/beyond/);
  });

  it('reads the SMD machine-1-7 file: 13 segments covering the 2,398 labelled rows', () => {
    const file = path.resolve('../shared/datasets/smd-machine-1-7-interpretation.json');
    const segments = parseInterpretation(readFileSync(file, 'utf8'));
    expect(segments).toHaveLength(13);
    expect(segments[0]).toEqual({ start: 837, end: 858, signals: [0, 5, 8, 11, 12, 13, 14, 15] });
    expect(segments.reduce((n, s) => n + s.end - s.start, 0)).toBe(2398);
  });
});
