import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../shared/random';
import { makeCore, type CoreFailure } from './numeric-core';

const core = makeCore();

/** A random decimal text with `digits` significant digits and a float32-range magnitude. */
function numberText(random: () => number, digits: number): string {
  let mantissa = String(1 + Math.floor(random() * 9));
  for (let i = 1; i < digits; i++) mantissa += String(Math.floor(random() * 10));
  const sign = random() < 0.4 ? '-' : random() < 0.1 ? '+' : '';
  const exponent = Math.floor(random() * 76) - 38; // value ~ 10^exponent
  const style = random();
  if (style < 0.4) return `${sign}${mantissa[0]}.${mantissa.slice(1)}${random() < 0.5 ? 'e' : 'E'}${exponent}`;
  // plain decimal: put the point somewhere that keeps the text short
  const point = Math.floor(random() * (digits + 8)) - 4;
  if (point <= 0) return `${sign}${random() < 0.5 ? '0' : ''}.${'0'.repeat(-point)}${mantissa}`;
  if (point >= digits) return `${sign}${mantissa}${'0'.repeat(point - digits)}${random() < 0.3 ? '.' : ''}`;
  return `${sign}${mantissa.slice(0, point)}.${mantissa.slice(point)}`;
}

function ulp32(x: number): number {
  const a = Math.abs(Math.fround(x));
  const buf = new DataView(new ArrayBuffer(4));
  buf.setFloat32(0, a);
  const bits = buf.getUint32(0);
  buf.setUint32(0, bits + 1);
  return buf.getFloat32(0) - a;
}

describe('numeric core: numbers', () => {
  it('equals Math.fround(Number(text)) for up to 15 significant digits', () => {
    const random = mulberry32(101);
    let checked = 0;
    for (let i = 0; i < 300_000; i++) {
      const text = numberText(random, 1 + Math.floor(random() * 15));
      const expected = Math.fround(Number(text));
      const got = Math.fround(core.parseNumberText(text));
      if (!Object.is(got, expected)) expect(`${text} -> ${got}`).toBe(`${text} -> ${expected}`);
      checked++;
    }
    expect(checked).toBe(300_000);
  });

  it('is within one float32 ulp for 16 to 25 significant digits', () => {
    const random = mulberry32(202);
    for (let i = 0; i < 100_000; i++) {
      const text = numberText(random, 16 + Math.floor(random() * 10));
      const expected = Math.fround(Number(text));
      const got = Math.fround(core.parseNumberText(text));
      if (Math.abs(got - expected) > ulp32(expected)) expect(`${text} -> ${got}`).toBe(`${text} -> ${expected}`);
    }
  });

  it('reads the spellings of missing values, infinities and booleans', () => {
    const cases: Array<[string, number]> = [
      ['', NaN], ['nan', NaN], ['NaN', NaN], ['-nan', NaN], ['inf', NaN], ['-Inf', NaN], ['+inf', NaN], ['Infinity', NaN], ['-infinity', NaN],
      ['true', 1], ['TRUE', 1], ['False', 0], [' 1.5 ', 1.5], ['\t-2', -2],
      ['-1.5e-3', -1.5e-3], ['+2', 2], ['.5', 0.5], ['5.', 5], ['-0', -0], ['0.000', 0], ['1E+5', 1e5], ['007', 7],
      ['1e400', Infinity], ['1e-400', 0], ['123456789012345678901234567890', Math.fround(1.2345678901234568e29)],
    ];
    for (const [text, expected] of cases) expect([text, Math.fround(core.parseNumberText(text))]).toEqual([text, Math.fround(expected)]);
  });

  it('declines anything else with a reason', () => {
    for (const text of ['abc', '1.2.3', '--1', '1e', '1e+', '+', '-', '.', '"1"', '1,5x', '0x10', '1_000', '12:30', '2024-01-01']) {
      let failure: CoreFailure | null = null;
      try {
        core.parseNumberText(text);
      } catch (error) {
        failure = error as CoreFailure;
      }
      expect([text, failure?.kind]).toEqual([text, 'unsupported']);
    }
    expect(() => core.parseNumberText('"7"')).toThrow(expect.objectContaining({ reason: 'a quoted field' }));
  });
});

describe('numeric core: ISO-8601 times', () => {
  it('reads dates and times with and without seconds, millis and zones (naive = UTC)', () => {
    const cases: Array<[string, number]> = [
      ['2024-03-01T00:01', Date.UTC(2024, 2, 1, 0, 1)],
      ['2024-03-01 00:01:02', Date.UTC(2024, 2, 1, 0, 1, 2)],
      ['2024-03-01T00:01:02.345', Date.UTC(2024, 2, 1, 0, 1, 2, 345)],
      ['2024-03-01T00:01:02.3456789Z', Date.UTC(2024, 2, 1, 0, 1, 2, 345)],
      ['2024-03-01T00:01:02.5', Date.UTC(2024, 2, 1, 0, 1, 2, 500)],
      ['2024-03-01T00:01:02Z', Date.UTC(2024, 2, 1, 0, 1, 2)],
      ['2024-03-01T05:00:00+05:00', Date.UTC(2024, 2, 1)],
      ['2024-03-01T00:00:00-02:30', Date.UTC(2024, 2, 1, 2, 30)],
      ['2024-03-01T00:00+0100', Date.UTC(2024, 1, 29, 23)],
      ['2024-02-29', Date.UTC(2024, 1, 29)],
      ['1969-12-31T23:59:59', -1000],
      ['1900-01-01T00:00:00', Date.UTC(1900, 0, 1)],
      ['2100-12-31T23:59:59.999', Date.UTC(2100, 11, 31, 23, 59, 59, 999)],
    ];
    for (const [text, expected] of cases) expect([text, core.parseTimeText(text)]).toEqual([text, expected]);
    expect(core.parseTimeText('')).toBeNaN();
  });

  it('matches Date.parse on random times', () => {
    const random = mulberry32(9);
    const pad = (x: number, n = 2) => String(x).padStart(n, '0');
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor((random() - 0.3) * 4e12);
      const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
      const offset = Math.floor(random() * 25 - 12) * 60 + (random() < 0.2 ? 30 : 0);
      const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
      const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
      expect(core.parseTimeText(iso)).toBe(ms);
      expect(core.parseTimeText(local + zone)).toBe(ms);
    }
  });

  it('declines what is not a time', () => {
    for (const text of ['2024-13-01', '2024-02-30', '2023-02-29', '2024-01-01T25:00', '2024-01-01T10', '01/02/2024', '2024-01-01T10:00:00.', '12345']) {
      expect(() => core.parseTimeText(text), text).toThrow(expect.objectContaining({ kind: 'unsupported' }));
    }
  });
});

describe('numeric core: lines', () => {
  it('counts lines and non-blank rows, with CRLF and without a final newline', () => {
    const bytes = (s: string) => Buffer.from(s, 'latin1');
    expect(core.countLines(bytes('a\nb\n\nc'), 0, 6)).toEqual({ lines: 4, rows: 3 });
    expect(core.countLines(bytes('a\r\n\r\nb\r\n'), 0, 8)).toEqual({ lines: 3, rows: 2 });
    expect(core.countLines(bytes(''), 0, 0)).toEqual({ lines: 0, rows: 0 });
  });
});
