/**
 * The byte-level parse loop of the fast numeric CSV reader. `makeCore` must stay self-contained (no
 * imports, no outer names): its source text is also evaluated inside each worker thread
 * (see range-worker.ts), so the main thread (sniffing the first rows) and the workers run the
 * very same code.
 */

/** Where and why a block could not be parsed; thrown as a plain object so it crosses postMessage. */
export interface CoreFailure {
  kind: 'unsupported' | 'ragged';
  /** 0-based line within the parsed slice (add the slice's first line) */
  line: number;
  /** 0-based data row within the slice (add the slice's first row) */
  row: number;
  /** 0-based field index */
  field: number;
  reason: string;
  /** ragged: how many values the line has */
  found?: number;
}

export interface CoreLayout {
  /** delimiter byte */
  delim: number;
  /** fields per row, time column included */
  k: number;
  /** index of the time field, -1 when none */
  timeIndex: number;
  /** 1: plain numbers, 2: ISO-8601 timestamps -> epoch ms */
  timeKind: 1 | 2;
}

export interface Core {
  /**
   * Parse the complete lines in buf[from, to) (buf[to - 1] must be '\n') into `values` from row
   * `row0` on (row-major, k - 1 values per row when there is a time field) and `times`.
   * Blank lines are skipped. Returns rows written; `lastLines` holds the lines consumed.
   * Throws a CoreFailure.
   */
  parseLines(buf: Uint8Array, from: number, to: number, layout: CoreLayout, values: Float32Array, times: Float64Array | null, row0: number): number;
  /** lines consumed by the last parseLines call */
  lastLines(): number;
  /** Count lines and non-blank lines (rows) in buf[from, to); a final line without '\n' counts. */
  countLines(buf: Uint8Array, from: number, to: number): { lines: number; rows: number };
  /** One numeric field's text as the parser reads it (tests): float64 before float32 rounding, or throws a CoreFailure. */
  parseNumberText(text: string): number;
  /** One ISO-8601 time's text -> epoch ms (tests); throws a CoreFailure when it is not one. */
  parseTimeText(text: string): number;
}

export function makeCore(): Core {
  // Correctly rounded powers of ten (Number('1e22') and below are exact).
  const POW = new Float64Array(309);
  for (let i = 0; i < 309; i++) POW[i] = Number('1e' + i);
  const NL = 10;
  const CR = 13;

  let at = 0; // end position of the last scan (number / time), -1: not a plain value
  let linesConsumed = 0;

  function fail(kind: 'unsupported' | 'ragged', line: number, row: number, field: number, reason: string, found?: number): never {
    const failure: CoreFailure = { kind, line, row, field, reason };
    if (found !== undefined) failure.found = found;
    throw failure;
  }

  /** Decimal or scientific number starting at p; sets `at` to the end or -1 when it is not one. */
  function scanNumber(buf: Uint8Array, p: number, delim: number): number {
    let c = buf[p];
    let neg = false;
    if (c === 45) {
      neg = true;
      c = buf[++p];
    } else if (c === 43) c = buf[++p];
    let m = 0;
    let e = 0;
    let nd = 0;
    let d = c - 48;
    while (d >= 0 && d <= 9) {
      if (m < 9e14) m = m * 10 + d;
      else e++;
      nd++;
      d = buf[++p] - 48;
    }
    if (d === -2) {
      d = buf[++p] - 48;
      while (d >= 0 && d <= 9) {
        if (m < 9e14) {
          m = m * 10 + d;
          e--;
        }
        nd++;
        d = buf[++p] - 48;
      }
    }
    c = d + 48;
    if (nd === 0) {
      at = -1;
      return 0;
    }
    if (c === 101 || c === 69) {
      const x = scanExponent(buf, p + 1);
      if (at < 0) return 0;
      p = at;
      c = buf[p];
      e += x;
    }
    if (c !== delim && c !== NL && c !== CR) {
      at = -1;
      return 0;
    }
    at = p;
    const v = m === 0 || e === 0 ? m : scale(m, e);
    return neg ? -v : v;
  }

  /** The digits after 'e': the exponent, `at` = its end or -1. */
  function scanExponent(buf: Uint8Array, p: number): number {
    let c = buf[p];
    let neg = false;
    if (c === 45) {
      neg = true;
      c = buf[++p];
    } else if (c === 43) c = buf[++p];
    let x = 0;
    let xd = 0;
    let d = c - 48;
    while (d >= 0 && d <= 9) {
      if (x < 100000) x = x * 10 + d;
      xd++;
      d = buf[++p] - 48;
    }
    at = xd === 0 ? -1 : p;
    return neg ? -x : x;
  }

  /** m x 10^e: one correctly rounded operation while 10^|e| is exact (|e| <= 22) and m < 2^53. */
  function scale(m: number, e: number): number {
    if (e > 0) return e <= 308 ? m * POW[e] : Infinity;
    if (e >= -308) return m / POW[-e];
    return e >= -400 ? m / POW[308] / POW[-e - 308] : 0;
  }

  function digits2(buf: Uint8Array, p: number): number {
    const a = buf[p] - 48;
    const b = buf[p + 1] - 48;
    return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
  }

  /** 'YYYY-MM-DD[ T]HH:MM[:SS[.fff]][Z|±HH[:MM]]' (or a bare date) at p -> epoch ms (naive = UTC); `at` = end or -1. */
  function scanTime(buf: Uint8Array, p: number, delim: number): number {
    at = -1;
    const y1 = digits2(buf, p);
    const y2 = digits2(buf, p + 2);
    if (y1 < 0 || y2 < 0 || buf[p + 4] !== 45 || buf[p + 7] !== 45) return 0;
    let y = y1 * 100 + y2;
    const mo = digits2(buf, p + 5);
    const day = digits2(buf, p + 8);
    if (mo < 1 || mo > 12 || day < 1) return 0;
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    const monthDays = mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
    if (day > monthDays) return 0;
    p += 10;
    let ms = 0;
    let c = buf[p];
    if (c === 84 || c === 32 || c === 116) {
      const hh = digits2(buf, p + 1);
      const mi = digits2(buf, p + 4);
      if (hh < 0 || hh > 23 || buf[p + 3] !== 58 || mi < 0 || mi > 59) return 0;
      ms = hh * 3600000 + mi * 60000;
      p += 6;
      c = buf[p];
      if (c === 58) {
        const ss = digits2(buf, p + 1);
        if (ss < 0 || ss > 60) return 0;
        ms += ss * 1000;
        p += 3;
        c = buf[p];
        if (c === 46) {
          // fraction of a second: whole milliseconds, truncated like DuckDB's epoch_ms
          let scale = 100;
          let nd = 0;
          let d = buf[++p] - 48;
          while (d >= 0 && d <= 9) {
            ms += d * scale;
            scale /= 10;
            nd++;
            d = buf[++p] - 48;
          }
          if (nd === 0) return 0;
          ms = Math.floor(ms);
          c = d + 48;
        }
      }
      if (c === 90 || c === 122) c = buf[++p];
      else if (c === 43 || c === 45) {
        const sign = c === 43 ? 1 : -1;
        const oh = digits2(buf, p + 1);
        if (oh < 0 || oh > 18) return 0;
        p += 3;
        let om = 0;
        if (buf[p] === 58) p++;
        if (buf[p] >= 48 && buf[p] <= 57) {
          om = digits2(buf, p);
          if (om < 0 || om > 59) return 0;
          p += 2;
        }
        ms -= sign * (oh * 3600000 + om * 60000);
        c = buf[p];
      }
    }
    if (c !== delim && c !== NL && c !== CR) return 0;
    at = p;
    // days from civil (H. Hinnant)
    if (mo <= 2) y -= 1;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + day - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return (era * 146097 + doe - 719468) * 86400000 + ms;
  }

  function fieldEnd(buf: Uint8Array, p: number, delim: number): number {
    let c = buf[p];
    while (c !== delim && c !== NL) c = buf[++p];
    return p;
  }

  function fieldText(buf: Uint8Array, s: number, e: number): string {
    if (e > s && buf[e - 1] === CR) e--;
    let out = '';
    for (let i = s; i < e && i < s + 200; i++) out += String.fromCharCode(buf[i]);
    return out;
  }

  /**
   * A field the fast scan did not take: empty, spaces around a number, nan/inf, true/false.
   * Returns the value (NaN for missing) or fails; `at` = the field's end.
   */
  function slowField(buf: Uint8Array, s: number, delim: number, isTime: boolean, timeKind: number, line: number, row: number, field: number): number {
    const e = fieldEnd(buf, s, delim);
    at = e;
    const raw = fieldText(buf, s, e);
    if (raw.indexOf('"') >= 0) fail('unsupported', line, row, field, 'a quoted field');
    if (raw.indexOf('\r') >= 0) fail('unsupported', line, row, field, 'a carriage return inside a line');
    const text = raw.trim();
    if (text === '') return NaN;
    const lower = text.toLowerCase();
    if (lower === 'nan' || lower === '+nan' || lower === '-nan') return NaN;
    if (lower === 'inf' || lower === '+inf' || lower === '-inf' || lower === 'infinity' || lower === '+infinity' || lower === '-infinity') return NaN;
    if (!isTime && lower === 'true') return 1;
    if (!isTime && lower === 'false') return 0;
    if (text.length !== raw.length) {
      // spaces around the value: scan the trimmed text on its own
      const bytes = new Uint8Array(text.length + 1);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      bytes[text.length] = NL;
      const v = isTime && timeKind === 2 ? scanTime(bytes, 0, delim) : scanNumber(bytes, 0, delim);
      const ok = at === text.length;
      at = e;
      if (ok) return v;
    }
    const shown = text.length > 40 ? text.slice(0, 40) + '...' : text;
    fail('unsupported', line, row, field, isTime ? (timeKind === 2 ? `"${shown}" is not an ISO-8601 time` : `"${shown}" is not a number`) : `text "${shown}"`);
  }

  function countFields(buf: Uint8Array, p: number, delim: number): number {
    let n = 1;
    let c = buf[p];
    while (c !== NL) {
      if (c === delim) n++;
      c = buf[++p];
    }
    return n;
  }

  function parseLines(buf: Uint8Array, from: number, to: number, layout: CoreLayout, values: Float32Array, times: Float64Array | null, row0: number): number {
    const { delim, k, timeIndex, timeKind } = layout;
    const kv = timeIndex >= 0 ? k - 1 : k;
    let p = from;
    let r = row0;
    let vi = r * kv;
    let line = 0;
    while (p < to) {
      let c = buf[p];
      if (c === NL) {
        p++;
        line++;
        continue;
      }
      if (c === CR && buf[p + 1] === NL) {
        p += 2;
        line++;
        continue;
      }
      let f = 0;
      for (;;) {
        let v: number;
        if (f === timeIndex) {
          v = timeKind === 2 ? scanTime(buf, p, delim) : scanNumber(buf, p, delim);
          if (at < 0) v = slowField(buf, p, delim, true, timeKind, line, r - row0, f);
          p = at;
          times![r] = v - v === 0 ? v : NaN;
        } else {
          v = scanNumber(buf, p, delim);
          if (at < 0) v = slowField(buf, p, delim, false, 0, line, r - row0, f);
          p = at;
          const fv = Math.fround(v);
          values[vi++] = fv - fv === 0 ? fv : NaN;
        }
        f++;
        c = buf[p];
        if (c === delim) {
          p++;
          if (f === k) fail('ragged', line, r - row0, f, 'too many values', f + countFields(buf, p, delim));
          continue;
        }
        if (c === CR) {
          if (buf[p + 1] !== NL) fail('unsupported', line, r - row0, f - 1, 'a carriage return inside a line');
          p++;
        }
        // c is '\n'
        p++;
        if (f !== k) fail('ragged', line, r - row0, f, 'too few values', f);
        break;
      }
      r++;
      line++;
    }
    linesConsumed = line;
    return r - row0;
  }

  function countLines(buf: Uint8Array, from: number, to: number): { lines: number; rows: number } {
    let lines = 0;
    let blank = 0;
    let p = from;
    while (p < to) {
      const q = buf.indexOf(NL, p);
      if (q < 0 || q >= to) {
        // a final line without '\n'
        lines++;
        if (to - p === 1 && buf[p] === CR) blank++;
        break;
      }
      lines++;
      if (q === p || (q === p + 1 && buf[p] === CR)) blank++;
      p = q + 1;
    }
    return { lines, rows: lines - blank };
  }

  function bytesOf(text: string): Uint8Array {
    const bytes = new Uint8Array(text.length + 1);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    bytes[text.length] = NL;
    return bytes;
  }

  function parseNumberText(text: string): number {
    const bytes = bytesOf(text);
    const v = scanNumber(bytes, 0, 44);
    if (at === text.length) return v;
    return slowField(bytes, 0, 44, false, 0, 0, 0, 0);
  }

  function parseTimeText(text: string): number {
    const bytes = bytesOf(text);
    const v = scanTime(bytes, 0, 44);
    if (at === text.length) return v;
    return slowField(bytes, 0, 44, true, 2, 0, 0, 0);
  }

  return { parseLines, lastLines: () => linesConsumed, countLines, parseNumberText, parseTimeText };
}
