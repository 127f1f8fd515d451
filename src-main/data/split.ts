import type { Split } from '../../shared/domain/data-prep';
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import { mulberry32 } from '../../shared/random';

/** Source row numbers (0-based, ascending) of each part, and the boundaries when the parts are time-ordered. */
export interface SplitRows {
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
  /** rows [0, trainEnd) train, [trainEnd, validationEnd) validate, the rest test; null for a random split */
  partition: { trainEnd: number; validationEnd: number } | null;
}

/**
 * Divides n rows into training, validation and test rows.
 *
 * - chronological: the first floor(n * train) rows train, the next floor(n * validation) validate,
 *   the rest is the test part.
 * - cut: rows before the cut (a row number, or the first row whose time is at or after `time`)
 *   train and validate, the last `validation` share of them validating; rows from the cut on test.
 * - random: a seeded shuffle assigns the same shares as chronological; each part is sorted.
 *
 * `normalOnly` (with labels) removes rows labelled abnormal (any non-zero label) from the training and
 * validation parts, never from the test part. When the test part would be empty (train + validation
 * = 1), the test part is every row, so that metrics still exist; `partition.validationEnd` is then n.
 * Shares are floored with a 1e-9 tolerance so that 0.29 * 100 gives 29 rows, not 28.
 */
export function splitRows(n: number, split: Split, labels: Uint8Array | null, times: Float64Array | null): SplitRows {
  if (labels && labels.length < n) throw new RangeError(`labels hold ${labels.length} rows, expected ${n}`);
  if (times && times.length < n) throw new RangeError(`times hold ${times.length} rows, expected ${n}`);

  let train: Uint32Array;
  let validation: Uint32Array;
  let test: Uint32Array;
  let partition: SplitRows['partition'];

  if (split.kind === 'random') {
    const order = shuffledRows(n, split.seed);
    const trainEnd = share(n, split.train);
    const validationEnd = Math.min(n, trainEnd + share(n, split.validation));
    train = order.slice(0, trainEnd).sort();
    validation = order.slice(trainEnd, validationEnd).sort();
    test = order.slice(validationEnd).sort();
    partition = null;
  } else {
    let trainEnd: number;
    let validationEnd: number;
    if (split.kind === 'chronological') {
      trainEnd = share(n, split.train);
      validationEnd = Math.min(n, trainEnd + share(n, split.validation));
    } else {
      validationEnd = cutRow(n, split, times);
      trainEnd = validationEnd - share(validationEnd, split.validation);
    }
    train = range(0, trainEnd);
    validation = range(trainEnd, validationEnd);
    test = range(validationEnd, n);
    partition = { trainEnd, validationEnd };
  }

  if (test.length === 0) test = range(0, n);
  if (split.normalOnly && labels) {
    train = normalRows(train, labels);
    validation = normalRows(validation, labels);
  }
  if (train.length < 2) {
    const why = split.normalOnly && labels ? ' labelled normal' : '';
    throw new AppError(
      errorCodes.badRequest,
      `Only ${train.length} training ${train.length === 1 ? 'row' : 'rows'}${why} ${train.length === 1 ? 'is' : 'are'} left after the split: ` +
        (split.kind === 'cut' ? 'move the cut later or give validation a smaller share' : 'give training a larger share') +
        (why ? ', or turn off "train on rows labelled normal only"' : '') + '.',
      { trainRows: train.length, rows: n },
    );
  }
  return { train, validation, test, partition };
}

/** floor(n * fraction), tolerant of binary rounding (0.29 * 100 = 28.999999999999996). */
function share(n: number, fraction: number): number {
  return Math.min(n, Math.floor(n * fraction + 1e-9));
}

function range(from: number, to: number): Uint32Array {
  const rows = new Uint32Array(Math.max(0, to - from));
  for (let i = 0; i < rows.length; i++) rows[i] = from + i;
  return rows;
}

function shuffledRows(n: number, seed: number): Uint32Array {
  const order = range(0, n);
  const random = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

function normalRows(rows: Uint32Array, labels: Uint8Array): Uint32Array {
  return rows.filter((row) => labels[row] === 0);
}

/** The first test row of a cut split: the row given, or the first row whose time is at or after the cut time. */
function cutRow(n: number, split: Extract<Split, { kind: 'cut' }>, times: Float64Array | null): number {
  if (split.row !== null) {
    if (split.row >= n) {
      throw new AppError(
        errorCodes.badRequest,
        `The cut at row ${split.row} is outside the data (rows 0 to ${n - 1}): choose a row between 1 and ${n - 1}.`,
        { row: split.row, rows: n },
      );
    }
    return split.row;
  }
  const text = split.time ?? '';
  if (!times) {
    throw new AppError(
      errorCodes.badRequest,
      `A cut at a time needs a time column: choose a column with the role "time", or cut at a row number instead.`,
      { time: text },
    );
  }
  const at = parseCutTime(text);
  if (Number.isNaN(at)) {
    throw new AppError(
      errorCodes.badRequest,
      `The cut time "${text}" is not a date and time: write it like 2024-03-01 or 2024-03-01T12:00:00 (UTC unless it ends in Z or +hh:mm).`,
      { time: text },
    );
  }
  let row = -1;
  for (let i = 0; i < n; i++) {
    if (times[i] >= at) {
      row = i;
      break;
    }
  }
  if (row <= 0) {
    const [first, last] = timeRange(times, n);
    throw new AppError(
      errorCodes.badRequest,
      `The cut time "${text}" is outside the data` +
        (first === null ? ' (the time column has no values)' : ` (${new Date(first).toISOString()} to ${new Date(last!).toISOString()})`) +
        `: choose a time after the first row and at or before the last one.`,
      { time: text, rows: n },
    );
  }
  return row;
}

/**
 * Epoch milliseconds of an ISO date or date-time; text without a zone is UTC (JavaScript would read a
 * naive date-time as local time). A space between date and time is accepted.
 */
export function parseCutTime(text: string): number {
  let iso = text.trim();
  const dateTime = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)(.*)$/.exec(iso);
  if (dateTime) {
    const zone = dateTime[5].trim();
    if (zone !== '' && !/^(Z|[+-]\d{2}:?\d{2})$/i.test(zone)) return Number.NaN;
    iso = `${dateTime[1]}T${dateTime[2]}${zone === '' ? 'Z' : zone.toUpperCase()}`;
  } else if (!/^\d{4}-\d{2}(-\d{2})?$/.test(iso)) {
    return Number.NaN;
  }
  return Date.parse(iso);
}

function timeRange(times: Float64Array, n: number): [number | null, number | null] {
  let first: number | null = null;
  let last: number | null = null;
  for (let i = 0; i < n; i++) {
    const t = times[i];
    if (Number.isNaN(t)) continue;
    if (first === null || t < first) first = t;
    if (last === null || t > last) last = t;
  }
  return [first, last];
}
