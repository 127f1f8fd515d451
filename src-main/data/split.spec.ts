import { describe, expect, it } from 'vitest';
import type { Split } from '../../shared/domain/data-prep';
import { AppError } from '../../shared/errors';
import { parseCutTime, splitRows } from './split';

const list = (rows: Uint32Array) => Array.from(rows);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const chrono = (train: number, validation: number, normalOnly = false): Split => ({ kind: 'chronological', train, validation, normalOnly });
const cutRow = (row: number, validation: number, normalOnly = false): Split => ({ kind: 'cut', row, time: null, validation, normalOnly });
const cutTime = (time: string, validation: number): Split => ({ kind: 'cut', row: null, time, validation, normalOnly: false });

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('splits', () => {
  it('chronological 60/20/20 of 10 rows', () => {
    const s = splitRows(10, chrono(0.6, 0.2), null, null);
    expect(list(s.train)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(list(s.validation)).toEqual([6, 7]);
    expect(list(s.test)).toEqual([8, 9]);
    expect(s.partition).toEqual({ trainEnd: 6, validationEnd: 8 });
  });

  it('chronological floors each share and leaves the rest to test', () => {
    const s = splitRows(11, chrono(0.6, 0.2), null, null);
    expect(s.partition).toEqual({ trainEnd: 6, validationEnd: 8 });
    expect(list(s.test)).toEqual([8, 9, 10]);
    // 0.29 * 100 is 28.999999999999996 in binary: still 29 rows
    expect(splitRows(100, chrono(0.29, 0.1), null, null).partition).toEqual({ trainEnd: 29, validationEnd: 39 });
  });

  it('uses every row as test when train and validation take all rows', () => {
    const s = splitRows(10, chrono(0.8, 0.2), null, null);
    expect(list(s.train)).toEqual(range(0, 8));
    expect(list(s.validation)).toEqual([8, 9]);
    expect(list(s.test)).toEqual(range(0, 10));
    expect(s.partition).toEqual({ trainEnd: 8, validationEnd: 10 });
  });

  it('normal-only drops labelled rows from train and validation, never from test', () => {
    const labels = Uint8Array.from([0, 1, 0, 0, 0, 0, 1, 0, 1, 0]);
    const s = splitRows(10, chrono(0.6, 0.2, true), labels, null);
    expect(list(s.train)).toEqual([0, 2, 3, 4, 5]);
    expect(list(s.validation)).toEqual([7]);
    expect(list(s.test)).toEqual([8, 9]);
    expect(s.partition).toEqual({ trainEnd: 6, validationEnd: 8 });
    // without labels the option has nothing to act on
    expect(list(splitRows(10, chrono(0.6, 0.2, true), null, null).train)).toEqual(range(0, 6));
  });

  it('cut at a row: the last validation share of the rows before it validates', () => {
    const s = splitRows(10, cutRow(7, 0.3), null, null);
    // 7 rows before the cut, floor(7 * 0.3) = 2 validate
    expect(list(s.train)).toEqual([0, 1, 2, 3, 4]);
    expect(list(s.validation)).toEqual([5, 6]);
    expect(list(s.test)).toEqual([7, 8, 9]);
    expect(s.partition).toEqual({ trainEnd: 5, validationEnd: 7 });
  });

  it('cut at a time: the first row at or after it; naive text is UTC', () => {
    const t0 = Date.UTC(2024, 0, 1);
    const hour = 3_600_000;
    const times = Float64Array.from(range(0, 10), (i) => t0 + i * hour);
    const s = splitRows(10, cutTime('2024-01-01T05:00:00', 0), null, times);
    expect(s.partition).toEqual({ trainEnd: 5, validationEnd: 5 });
    expect(list(s.test)).toEqual([5, 6, 7, 8, 9]);
    expect(splitRows(10, cutTime('2024-01-01 04:30', 0.25), null, times).partition).toEqual({ trainEnd: 4, validationEnd: 5 });
    expect(splitRows(10, cutTime('2024-01-01T07:00:00+02:00', 0), null, times).partition).toEqual({ trainEnd: 5, validationEnd: 5 });
    expect(splitRows(10, cutTime('2024-01-01T05:00Z', 0), null, times).partition!.validationEnd).toBe(5);
  });

  it('parses ISO text with naive times as UTC', () => {
    expect(parseCutTime('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
    expect(parseCutTime('2024-03-01T12:30:00')).toBe(Date.UTC(2024, 2, 1, 12, 30));
    expect(parseCutTime('2024-03-01 12:30:00.250')).toBe(Date.UTC(2024, 2, 1, 12, 30, 0, 250));
    expect(parseCutTime('2024-03-01T12:30:00-0100')).toBe(Date.UTC(2024, 2, 1, 13, 30));
    expect(parseCutTime('yesterday')).toBeNaN();
    expect(parseCutTime('2024-13-01')).toBeNaN();
    expect(parseCutTime('2024-03-01T12:00 CET')).toBeNaN();
  });

  it('random: seeded, reproducible, sorted parts that cover every row once', () => {
    const split: Split = { kind: 'random', train: 0.6, validation: 0.2, seed: 7, normalOnly: false };
    const a = splitRows(50, split, null, null);
    const b = splitRows(50, split, null, null);
    expect(list(a.train)).toEqual(list(b.train));
    expect(a.partition).toBeNull();
    expect([a.train.length, a.validation.length, a.test.length]).toEqual([30, 10, 10]);
    for (const part of [a.train, a.validation, a.test]) expect(list(part)).toEqual([...list(part)].sort((x, y) => x - y));
    expect([...list(a.train), ...list(a.validation), ...list(a.test)].sort((x, y) => x - y)).toEqual(range(0, 50));
    expect(list(a.train)).not.toEqual(range(0, 30));
    const other = splitRows(50, { ...split, seed: 8 }, null, null);
    expect(list(other.train)).not.toEqual(list(a.train));
  });

  it('random: known answer for a small case (mulberry32 Fisher-Yates)', () => {
    const s = splitRows(6, { kind: 'random', train: 0.5, validation: 0.25, seed: 1, normalOnly: false }, null, null);
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([3, 1, 2]);
    // shuffle of 0..5 with seed 1 is [4, 1, 5, 2, 0, 3] (worked by hand from mulberry32)
    expect(list(s.train)).toEqual([1, 4, 5]);
    expect(list(s.validation)).toEqual([2]);
    expect(list(s.test)).toEqual([0, 3]);
  });

  it('random with normal-only keeps labelled rows in test', () => {
    const labels = Uint8Array.from(range(0, 20), (i) => (i % 4 === 0 ? 1 : 0));
    const s = splitRows(20, { kind: 'random', train: 0.5, validation: 0.25, seed: 3, normalOnly: true }, labels, null);
    for (const row of [...s.train, ...s.validation]) expect(labels[row]).toBe(0);
    expect(s.test.length).toBe(5);
  });

  it('errors say what to change', () => {
    const badTime = errorOf(() => splitRows(10, cutTime('next tuesday', 0.2), null, new Float64Array(10)));
    expect(badTime.code).toBe('BAD_REQUEST');
    expect(badTime.message).toMatch(/"next tuesday" is not a date and time: write it like 2024-03-01/);

    expect(errorOf(() => splitRows(10, cutTime('2024-01-01', 0.2), null, null)).message).toMatch(/needs a time column: choose a column with the role "time", or cut at a row/);

    const times = Float64Array.from(range(0, 10), (i) => Date.UTC(2024, 0, 1 + i));
    expect(errorOf(() => splitRows(10, cutTime('2025-01-01', 0.2), null, times)).message).toMatch(
      /outside the data \(2024-01-01T00:00:00.000Z to 2024-01-10T00:00:00.000Z\): choose a time after the first row/,
    );
    expect(errorOf(() => splitRows(10, cutTime('2023-01-01', 0.2), null, times)).message).toMatch(/outside the data/);
    expect(errorOf(() => splitRows(10, cutRow(10, 0.2), null, null)).message).toMatch(/row 10 is outside the data \(rows 0 to 9\): choose a row between 1 and 9/);

    expect(errorOf(() => splitRows(10, chrono(0.1, 0.2), null, null)).message).toMatch(/^Only 1 training row is left after the split: give training a larger share\.$/);
    const labels = Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    const normal = errorOf(() => splitRows(10, chrono(0.3, 0.2, true), labels, null));
    expect(normal.message).toMatch(/Only 0 training rows labelled normal.*give training a larger share, or turn off "train on rows labelled normal only"/);
    expect(errorOf(() => splitRows(10, cutRow(2, 0.5), null, null)).message).toMatch(/move the cut later/);
  });
});
