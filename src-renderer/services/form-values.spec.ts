import { describe, expect, it } from 'vitest';
import { formValues, mergeFormValues } from './form-values';

const fresh = { epochs: '20', dropout: null as string | null, activation: 'relu', l2Rows: false };

describe('mergeFormValues', () => {
  it('takes saved values of the right type and ignores unknown fields', () => {
    const merged = mergeFormValues(fresh, { epochs: '3', l2Rows: true, surprise: 'x' });
    expect(merged).toEqual({ epochs: '3', dropout: null, activation: 'relu', l2Rows: true });
    expect(merged).not.toHaveProperty('surprise');
  });

  it('keeps the fresh value where the saved one has another type, is not a choice, or the family lacks the field', () => {
    const merged = mergeFormValues(fresh, { epochs: true, dropout: '0.2', activation: 'sigmoid', l2Rows: 'yes' }, { activation: ['relu', 'tanh'] });
    expect(merged).toEqual(fresh);
    expect(mergeFormValues(fresh, { activation: 'tanh' }, { activation: ['relu', 'tanh'] }).activation).toBe('tanh');
  });

  it('leaves the fresh form alone without a saved one, and round-trips a form', () => {
    expect(mergeFormValues(fresh, null)).toEqual(fresh);
    const edited = { ...fresh, epochs: '7', l2Rows: true };
    expect(mergeFormValues(fresh, formValues(edited))).toEqual(edited);
  });
});
