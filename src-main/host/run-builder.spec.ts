import { describe, expect, it } from 'vitest';
import { defaultThresholdRule, describeThresholdRule } from '../../shared/domain/results';
import { reconstructionR2 } from '../ml/metrics';
import { thresholdState } from './runs';
import { testRunRecord } from './test-runs';

function run(presetName: string, fitScores: number[], scores: number[]) {
  return testRunRecord({ preset: presetName, fitScores, scores, labels: scores.map((score) => (score > 0.5 ? 1 : 0)) }).result;
}

describe('a new run threshold', () => {
  it('is the default rule over the training scores for autoencoders', () => {
    const result = run('dense-relu', [1, 2, 3, 4], [1, 9]);
    expect(result.threshold.rule).toEqual(defaultThresholdRule);
    expect(result.featureErrors).toBe(false);
  });

  it('is a probability of one half for supervised models, whose training scores sit at 0 and 1', () => {
    const result = run('clstm', [0.01, 0.02, 0.97, 0.99], [0.1, 0.7, 0.4, 0.9]);
    expect(result.threshold.rule).toMatchObject({ kind: 'manual', value: 0.5 });
    expect(result.threshold.events.map((event) => [event.start, event.end])).toEqual([
      [1, 1],
      [3, 3],
    ]);
  });

  it('is 1 - the anomaly share of the training rows for a supervised model that learnt with balanced classes', () => {
    const result = testRunRecord({ preset: 'ae-classifier', fitAnomalyShare: 0.2, scores: [0.1, 0.7, 0.85, 0.9] }).result;
    expect(result.threshold.rule).toMatchObject({ kind: 'manual', value: 0.8 });
    expect(describeThresholdRule(result.threshold.rule)).toBe("even odds at the training rows' anomaly share: a probability above 1 - 0.200 = 0.800");
    expect(result.threshold.events.map((event) => [event.start, event.end])).toEqual([[2, 3]]);
    // a share that cannot be right (no anomalies, or only anomalies) falls back to one half
    expect(testRunRecord({ preset: 'ae-classifier', fitAnomalyShare: 0, scores: [0.1] }).result.threshold.rule).toMatchObject({ kind: 'manual', value: 0.5 });
  });
});

describe('threshold rules on a run', () => {
  // rows 0-5 validate, rows 6-11 test; labelled rows 3-4 and 9-10
  const scores = [0.1, 0.2, 0.1, 0.9, 0.8, 0.3, 0.2, 0.1, 0.4, 0.95, 0.7, 0.2];
  const labels = [0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0];
  const inputs = {
    scores,
    fitScores: [0.1, 0.2, 0.3],
    labels,
    validationRows: [0, 1, 2, 3, 4, 5],
    testRows: [6, 7, 8, 9, 10, 11],
  };

  it('learns best F1 on the validation rows and reports event-wise metrics on the test rows', () => {
    const state = thresholdState({ kind: 'best-f1' }, inputs);
    // on the validation rows any threshold in [0.3, 0.8) separates 0.8/0.9 from the rest; ties go to the higher one
    expect(state.value).toBe(0.3);
    expect(state.metrics).toMatchObject({ tp: 2, fp: 1, fn: 0, tn: 3 });
    // test rows 8-10 alarm as one run that touches the labelled rows 9-10
    expect(state.metrics!.events).toMatchObject({ trueEvents: 1, detectedEvents: 1, alarmRuns: 1, matchedAlarmRuns: 1, precision: 1, recall: 1 });
    expect(state.events.map((event) => [event.start, event.end])).toEqual([
      [3, 4],
      [8, 10],
    ]);
  });

  it('says what a validation rule needs when the run has no validation rows or no labels', () => {
    expect(() => thresholdState({ kind: 'best-f1' }, { ...inputs, validationRows: [] })).toThrow(/validation share/);
    expect(() => thresholdState({ kind: 'cost', cAlarm: 1, cMissed: 5, tolerance: 2 }, { ...inputs, labels: null })).toThrow(/needs labels/);
  });
});

describe('a run result', () => {
  // rows 0-1 train, rows 2-3 test; reconstructions [1,10] [2,20] [2,31] [5,48]
  const raw = [1, 10, 2, 20, 3, 30, 5, 50];
  const errors = [0, 0, 0, 0, 1, 1, 0, 4];
  const twoSignals = { scores: [0, 0, 1, 2], signals: ['a', 'b'], raw, errors, testRows: [2, 3] };

  it('has the reconstruction R2 of the test rows', () => {
    const result = testRunRecord(twoSignals).result;
    // test rows: column means 4 and 40, total sum of squares 2 + 200, squared error 6
    expect(result.reconstructionR2).toBeCloseTo(1 - 6 / 202, 12);
    expect(result.reconstructionR2).toBeCloseTo(reconstructionR2([3, 30, 5, 50], [2, 31, 5, 48], 2)!, 12);
  });

  it('measures R2 in the space the errors were measured in: after the fitted scaler', () => {
    // signal b divided by 10: the test rows' variance becomes 2 + 2, against the same errors
    const result = testRunRecord({ ...twoSignals, scale: [1, 10] }).result;
    expect(result.reconstructionR2).toBeCloseTo(1 - 6 / 4, 6);
  });

  it('has no R2 for a model without an error per signal', () => {
    expect(testRunRecord({ ...twoSignals, errors: null }).result.reconstructionR2).toBeNull();
  });

  it('carries the family extra scores with a readable label, as typed arrays', () => {
    const elbo = Float32Array.from([0.5, 0.25, 2, 4]);
    const result = testRunRecord({ ...twoSignals, extraScores: [{ name: 'negative_elbo', values: elbo }, { name: 'other', values: elbo }] }).result;
    expect(result.extraScores).toEqual([
      { name: 'negative_elbo', label: 'negative ELBO', values: elbo },
      { name: 'other', label: undefined, values: elbo },
    ]);
    expect(result.scores).toBeInstanceOf(Float32Array);
    expect(result.labels).toBeNull();
  });
});
