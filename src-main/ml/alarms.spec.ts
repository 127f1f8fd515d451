import { describe, it, expect } from 'vitest';
import { alarmEvents } from './alarms';

/*
 * Hand-made pattern, threshold 0.5 (alarm = score > 0.5):
 *   row    0   1   2   3   4  5  6  7   8   9 10 11 12  13   14   15
 *   score .9  .7  .1  .6   0  0  0 .8 .95  0  0  0  0 1.0  .99  .7
 *   alarm  1   1   0   1   0  0  0  1   1  0  0  0  0   1    1    1
 * Plain runs: [0,1] [3,3] [7,8] [13,15]; gaps between them: 1 row (2), 3 rows (4-6), 4 rows (9-12).
 */
const S = [0.9, 0.7, 0.1, 0.6, 0, 0, 0, 0.8, 0.95, 0, 0, 0, 0, 1.0, 0.99, 0.7];
const T = 0.5;
const spans = (evs: { start: number; end: number; rows: number }[]): [number, number, number][] =>
  evs.map((e) => [e.start, e.end, e.rows]);

describe('alarmEvents with post-rules', () => {
  it('defaults give the maximal runs, with peak and row count', () => {
    expect(alarmEvents(S, T)).toEqual([
      { index: 0, start: 0, end: 1, peakRow: 0, peakScore: 0.9, rows: 2 },
      { index: 1, start: 3, end: 3, peakRow: 3, peakScore: 0.6, rows: 1 },
      { index: 2, start: 7, end: 8, peakRow: 8, peakScore: 0.95, rows: 2 },
      { index: 3, start: 13, end: 15, peakRow: 13, peakScore: 1.0, rows: 3 },
    ]);
  });

  it('merge gap joins runs separated by at most mergeGap non-alarm rows', () => {
    // gap 1: [0,1]+[3,3] (1 row between) merge; the 3-row and 4-row gaps stay
    expect(spans(alarmEvents(S, T, { mergeGap: 1 }))).toEqual([[0, 3, 3], [7, 8, 2], [13, 15, 3]]);
    expect(spans(alarmEvents(S, T, { mergeGap: 2 }))).toEqual([[0, 3, 3], [7, 8, 2], [13, 15, 3]]);
    // gap 3: the 3-row gap (rows 4-6) merges too
    expect(spans(alarmEvents(S, T, { mergeGap: 3 }))).toEqual([[0, 8, 5], [13, 15, 3]]);
    // gap 4: one event over everything, 8 alarm rows, peak row 13
    expect(alarmEvents(S, T, { mergeGap: 4 })).toEqual([{ index: 0, start: 0, end: 15, peakRow: 13, peakScore: 1.0, rows: 8 }]);
  });

  it('N alarms within W rows: a row counts when >= N alarms lie in the W rows ending at it', () => {
    // N=2, W=3, window [r-2, r]:
    //   r0: {0} 1 no | r1: {0,1} 2 yes | r3: {1,2,3} 2 yes | r7: {5,6,7} 1 no | r8: {6,7,8} 2 yes
    //   r13: {11,12,13} 1 no | r14: 2 yes | r15: 3 yes   -> confirmed rows 1, 3, 8, 14, 15
    const rule = { minAlarms: 2, window: 3 };
    expect(alarmEvents(S, T, rule)).toEqual([
      { index: 0, start: 1, end: 1, peakRow: 1, peakScore: 0.7, rows: 1 },
      { index: 1, start: 3, end: 3, peakRow: 3, peakScore: 0.6, rows: 1 },
      { index: 2, start: 8, end: 8, peakRow: 8, peakScore: 0.95, rows: 1 },
      { index: 3, start: 14, end: 15, peakRow: 14, peakScore: 0.99, rows: 2 }, // row 13 (1.0) not confirmed
    ]);
    // with merge gap 1: 1 and 3 join (row 2 between), peak over [1,3] is row 1 (row 0's .9 is outside the span)
    expect(spans(alarmEvents(S, T, { ...rule, mergeGap: 1 }))).toEqual([[1, 3, 2], [8, 8, 1], [14, 15, 2]]);
    expect(alarmEvents(S, T, { ...rule, mergeGap: 1 })[0]).toMatchObject({ peakRow: 1, peakScore: 0.7 });
    // gap 5 merges all: [1,15], 5 confirmed rows; the unconfirmed alarm at row 13 lies in the span and is the peak
    expect(alarmEvents(S, T, { ...rule, mergeGap: 5 })).toEqual([{ index: 0, start: 1, end: 15, peakRow: 13, peakScore: 1.0, rows: 5 }]);
    // N=3, W=3: only row 15 has three alarms in {13,14,15}
    expect(spans(alarmEvents(S, T, { minAlarms: 3, window: 3 }))).toEqual([[15, 15, 1]]);
    // N=2, W=5: r0 no; r1 {0,1} yes; r3 {0..3} 3 yes; r7 {3..7} 2 yes; r8 yes; r13 {9..13} 1 no; r14, r15 yes
    expect(spans(alarmEvents(S, T, { minAlarms: 2, window: 5 }))).toEqual([[1, 1, 1], [3, 3, 1], [7, 8, 2], [14, 15, 2]]);
  });

  it('gives the plain maximal runs with default rules on random data', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const scores = Array.from({ length: 400 }, () => Math.round(rand() * 20) / 20);
    const withRows = alarmEvents(scores, 0.7);
    // every alarm row in exactly one event, every event a maximal run
    const inEvent = new Array<boolean>(scores.length).fill(false);
    for (const e of withRows) {
      expect(e.rows).toBe(e.end - e.start + 1);
      for (let r = e.start; r <= e.end; r++) inEvent[r] = true;
      expect(scores[e.start - 1] ?? 0).toBeLessThanOrEqual(0.7);
      expect(scores[e.end + 1] ?? 0).toBeLessThanOrEqual(0.7);
      expect(e.peakScore).toBe(Math.max(...scores.slice(e.start, e.end + 1)));
    }
    expect(inEvent).toEqual(scores.map((score) => score > 0.7));
  });

  it('ties keep the first peak, NaN never alarms, empty input gives no events', () => {
    expect(alarmEvents([2, 3, 3], 0)).toEqual([{ index: 0, start: 0, end: 2, peakRow: 1, peakScore: 3, rows: 3 }]);
    expect(spans(alarmEvents([2, NaN, 2], 0))).toEqual([[0, 0, 1], [2, 2, 1]]);
    expect(spans(alarmEvents([2, NaN, 2], 0, { mergeGap: 1 }))).toEqual([[0, 2, 2]]);
    expect(alarmEvents([], 0)).toEqual([]);
    expect(alarmEvents([1, 1], 1)).toEqual([]); // strictly above
  });

  it('rejects rules that make no sense', () => {
    expect(() => alarmEvents(S, T, { mergeGap: -1 })).toThrow(/mergeGap/);
    expect(() => alarmEvents(S, T, { minAlarms: 0 })).toThrow(/minAlarms/);
    expect(() => alarmEvents(S, T, { window: 1.5 })).toThrow(/window/);
    expect(() => alarmEvents(S, T, { minAlarms: 4, window: 3 })).toThrow(/cannot exceed/);
  });
});
