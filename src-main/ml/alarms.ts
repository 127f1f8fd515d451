import type { AlarmEvent } from '../../shared/domain/results';

/*
 * Alarm events with DESIGN section 4's post-rules. Pure and O(n).
 * A row is an alarm when its score is strictly above the threshold (a NaN score never alarms).
 */

export interface AlarmRules {
  /**
   * Runs of confirmed alarm rows separated by at most this many rows without a confirmed alarm
   * merge into one event. 0 (default): only touching rows form an event (plain maximal runs).
   */
  mergeGap?: number;
  /**
   * "N alarms within W rows": an alarm row r is CONFIRMED only if at least `minAlarms` alarm rows
   * lie in the window [r - window + 1, r] (r itself included; the window is cut at row 0).
   * Only confirmed rows start or extend events, as an online detector would raise the alarm at the
   * N-th alarm, so an event starts at the row where the rule is first met, not at the first alarm
   * of the window. Defaults minAlarms 1, window 1: every alarm row is confirmed.
   */
  minAlarms?: number;
  window?: number;
}

/** An alarm event; `rows` = number of confirmed alarm rows in it (<= end - start + 1 with a merge gap). */
export type AlarmEventRows = AlarmEvent & { rows: number };

function checkInt(name: string, v: number, min: number): void {
  if (!(Number.isInteger(v) && v >= min)) throw new Error(`${name} must be an integer >= ${min}, got ${v}`);
}

/**
 * Events over all rows of `scores`. Each event: index (0, 1, ...), start and end (inclusive; both
 * confirmed alarm rows), peakRow/peakScore (the highest score over [start, end], first row on ties;
 * rows inside a merged gap can only be below the threshold, but an unconfirmed alarm inside the span
 * can be the peak), and rows (confirmed alarm rows). O(n) time, O(events) memory.
 */
export function alarmEvents(scores: ArrayLike<number>, threshold: number, rules: AlarmRules = {}): AlarmEventRows[] {
  const { mergeGap = 0, minAlarms = 1, window = 1 } = rules;
  checkInt('mergeGap', mergeGap, 0);
  checkInt('minAlarms', minAlarms, 1);
  checkInt('window', window, 1);
  if (minAlarms > window) throw new Error(`minAlarms (${minAlarms}) cannot exceed window (${window}): no row could ever alarm`);

  const isAlarm = (r: number): number => (scores[r] > threshold ? 1 : 0);
  const events: AlarmEventRows[] = [];
  let open: AlarmEventRows | null = null;
  let inWindow = 0; // alarm rows in [r - window + 1, r]
  for (let r = 0; r < scores.length; r++) {
    inWindow += isAlarm(r);
    if (r >= window) inWindow -= isAlarm(r - window);
    if (!(isAlarm(r) && inWindow >= minAlarms)) continue;
    if (open && r - open.end - 1 <= mergeGap) {
      open.rows++;
      // the peak over the whole span, gap rows included
      for (let g = open.end + 1; g <= r; g++) {
        if (scores[g] > open.peakScore) {
          open.peakScore = scores[g];
          open.peakRow = g;
        }
      }
      open.end = r;
    } else {
      open = { index: events.length, start: r, end: r, peakRow: r, peakScore: scores[r], rows: 1 };
      events.push(open);
    }
  }
  return events;
}
