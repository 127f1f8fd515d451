import { describe, expect, it } from 'vitest';
import { defaultSplitForm, formFromSplit, formWithBoundaryAt, looksLikeTime, previewPartition, validateSplitForm } from './split-form';

const context = { rowCount: 100, hasTime: true, hasLabel: true };

describe('split form', () => {
  it('defaults to seed 001: chronological 60/20/20, normal rows only', () => {
    expect(validateSplitForm(defaultSplitForm(), context)).toEqual({
      split: { kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: true },
      errors: {},
    });
  });

  it('sends normal-only as false without a label column', () => {
    expect(validateSplitForm(defaultSplitForm(), { ...context, hasLabel: false }).split?.normalOnly).toBe(false);
  });

  it('checks shares', () => {
    const form = defaultSplitForm();
    expect(validateSplitForm({ ...form, train: '0' }, context).errors.train).toMatch(/above 0 and at most 1/);
    expect(validateSplitForm({ ...form, train: 'abc' }, context).errors.train).toMatch(/number/);
    expect(validateSplitForm({ ...form, train: '0.9', validation: '0.2' }, context).errors.validation).toMatch(/more than 1/);
    expect(validateSplitForm({ ...form, train: '0.8', validation: '0.2' }, context).split).not.toBeNull();
  });

  it('builds a random split with its seed', () => {
    const checked = validateSplitForm({ ...defaultSplitForm(), kind: 'random', seed: '42' }, context);
    expect(checked.split).toEqual({ kind: 'random', train: 0.6, validation: 0.2, seed: 42, normalOnly: true });
    expect(validateSplitForm({ ...defaultSplitForm(), kind: 'random', seed: '-1' }, context).errors.seed).toMatch(/whole number/);
  });

  it('builds a cut at a row inside the data', () => {
    const form = { ...defaultSplitForm(), kind: 'cut' as const, row: '70', cutValidation: '0.25' };
    expect(validateSplitForm(form, context).split).toEqual({ kind: 'cut', row: 70, time: null, validation: 0.25, normalOnly: true });
    expect(validateSplitForm({ ...form, row: '100' }, context).errors.row).toBe('the cut row must be a whole number from 1 to 99');
    expect(validateSplitForm({ ...form, row: '' }, context).errors.row).toMatch(/whole number/);
    expect(validateSplitForm({ ...form, cutValidation: '0.95' }, context).errors.cutValidation).toMatch(/0 to 0.9/);
  });

  it('builds a cut at a time, which needs a time column', () => {
    const form = { ...defaultSplitForm(), kind: 'cut' as const, cutAt: 'time' as const, time: ' 2024-03-01 12:00 ' };
    expect(validateSplitForm(form, context).split).toEqual({ kind: 'cut', row: null, time: '2024-03-01 12:00', validation: 0.2, normalOnly: true });
    expect(validateSplitForm(form, { ...context, hasTime: false }).errors.time).toMatch(/needs a time column/);
    expect(validateSplitForm({ ...form, time: 'March' }, context).errors.time).toMatch(/write the time like/);
  });

  it('recognises ISO times', () => {
    expect(['2024-03-01', '2024-03-01T12:00', '2024-03-01 12:00:00.5', '2024-03-01T12:00:00+01:00', '2024-03'].map(looksLikeTime)).toEqual([true, true, true, true, true]);
    expect(['', 'yesterday', '2024-13-01', '01/03/2024'].map(looksLikeTime)).toEqual([false, false, false, false]);
  });

  it('previews the parts as the host draws them', () => {
    expect(previewPartition({ kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: false }, 10)).toEqual({ trainEnd: 6, validationEnd: 8 });
    expect(previewPartition({ kind: 'chronological', train: 0.29, validation: 0.1, normalOnly: false }, 100)).toEqual({ trainEnd: 29, validationEnd: 39 });
    expect(previewPartition({ kind: 'cut', row: 7, time: null, validation: 0.3, normalOnly: false }, 10)).toEqual({ trainEnd: 5, validationEnd: 7 });
    expect(previewPartition({ kind: 'cut', row: null, time: '2024-01-01', validation: 0.3, normalOnly: false }, 10)).toBeNull();
    expect(previewPartition({ kind: 'random', train: 0.6, validation: 0.2, seed: 1, normalOnly: false }, 10)).toBeNull();
    expect(previewPartition(null, 10)).toBeNull();
  });

  it('round-trips a split through the form', () => {
    for (const split of [
      { kind: 'chronological', train: 0.7, validation: 0.1, normalOnly: false },
      { kind: 'random', train: 0.5, validation: 0.25, seed: 9, normalOnly: true },
      { kind: 'cut', row: 40, time: null, validation: 0.1, normalOnly: true },
      { kind: 'cut', row: null, time: '2024-03-01', validation: 0, normalOnly: false },
    ] as const) {
      expect(validateSplitForm(formFromSplit(split), context).split).toEqual(split);
    }
  });
});

describe('formWithBoundaryAt', () => {
  const form = { ...defaultSplitForm(), kind: 'chronological' as const, train: '0.6', validation: '0.2' };

  it('moves the nearer of the training and validation ends to the clicked row', () => {
    // 1000 rows: ends at 600 and 800
    expect(formWithBoundaryAt(form, 500, 1000)).toMatchObject({ train: '0.5', validation: '0.3' });
    expect(formWithBoundaryAt(form, 905.4, 1000)).toMatchObject({ train: '0.6', validation: '0.305' });
    // with no validation part, a click after the ends opens one, a click before moves the training end
    expect(formWithBoundaryAt({ ...form, validation: '0' }, 900, 1000)).toMatchObject({ train: '0.6', validation: '0.3' });
    expect(formWithBoundaryAt({ ...form, validation: '0' }, 400, 1000)).toMatchObject({ train: '0.4', validation: '0.2' });
  });

  it('places a cut at a row, and has nothing to move for a random split or a cut at a time', () => {
    expect(formWithBoundaryAt({ ...form, kind: 'cut', cutAt: 'row' }, 1234.6, 5000)).toMatchObject({ row: '1235' });
    expect(formWithBoundaryAt({ ...form, kind: 'cut', cutAt: 'time' }, 10, 5000)).toBeNull();
    expect(formWithBoundaryAt({ ...form, kind: 'random' }, 10, 5000)).toBeNull();
    expect(formWithBoundaryAt({ ...form, train: 'x' }, 10, 5000)).toBeNull();
  });
});
