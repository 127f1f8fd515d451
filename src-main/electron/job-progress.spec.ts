import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/ipc';
import {
  formatDuration,
  jobNotice,
  JobTracker,
  progressChanged,
  progressIdle,
  progressIndeterminate,
  shouldNotify,
  sweepProgressValue,
  trainingProgressValue,
  type JobEnd,
  type RunBrief,
} from './job-progress';

const progress = (overrides: Partial<EventPayload<'training:progress'>> = {}): EventPayload<'training:progress'> => ({
  jobId: 'job-1',
  phase: 'training',
  epoch: 1,
  epochs: 10,
  batch: 0,
  batches: 100,
  loss: null,
  epochLoss: null,
  valLoss: null,
  elapsedMs: 0,
  etaMs: null,
  ...overrides,
});

const sweep = (overrides: Partial<EventPayload<'sweep:progress'>> = {}): EventPayload<'sweep:progress'> => ({
  sweepId: 'sweep-1',
  state: 'running',
  done: 0,
  total: 4,
  current: { index: 0, settings: [], fraction: 0 },
  finishedRunId: null,
  failures: [],
  elapsedMs: 0,
  etaMs: null,
  ...overrides,
});

describe('the taskbar value of a job', () => {
  it('is indeterminate while the data is prepared, then grows over epochs and batches (training 90 %)', () => {
    expect(trainingProgressValue(progress({ phase: 'preparing' }), false)).toBe(progressIndeterminate);
    expect(trainingProgressValue(progress({ epoch: 1, batch: 0 }), true)).toBe(0);
    expect(trainingProgressValue(progress({ epoch: 1, batch: 50 }), true)).toBeCloseTo(0.045);
    expect(trainingProgressValue(progress({ epoch: 6, batch: 0 }), true)).toBeCloseTo(0.45);
    expect(trainingProgressValue(progress({ epoch: 10, batch: 100 }), true)).toBeCloseTo(0.9);
    expect(trainingProgressValue(progress({ epochs: 0 }), true)).toBe(progressIndeterminate);
  });

  it('finishes with scoring: the last 10 % after training, all of it for a job that only scores', () => {
    expect(trainingProgressValue(progress({ phase: 'scoring', batch: 5, batches: 10 }), true)).toBeCloseTo(0.95);
    expect(trainingProgressValue(progress({ phase: 'scoring', batch: 5, batches: 10 }), false)).toBeCloseTo(0.5);
    expect(trainingProgressValue(progress({ phase: 'scoring', batches: 0 }), false)).toBe(progressIndeterminate);
  });

  it('counts a sweep by its finished runs plus the share of the one training', () => {
    expect(sweepProgressValue(sweep({ done: 1, current: { index: 1, settings: [], fraction: 0.5 } }))).toBeCloseTo(0.375);
    expect(sweepProgressValue(sweep({ total: 0 }))).toBe(progressIndeterminate);
    expect(sweepProgressValue(sweep({ state: 'done', done: 4, current: null }))).toBe(progressIdle);
  });

  it('is applied on a change of mode or of half a percent', () => {
    expect(progressChanged(progressIdle, progressIdle)).toBe(false);
    expect(progressChanged(progressIdle, progressIndeterminate)).toBe(true);
    expect(progressChanged(progressIndeterminate, 3)).toBe(false);
    expect(progressChanged(progressIndeterminate, 0)).toBe(true);
    expect(progressChanged(0.5, 0.503)).toBe(false);
    expect(progressChanged(0.5, 0.506)).toBe(true);
    expect(progressChanged(0.9, progressIdle)).toBe(true);
  });
});

describe('JobTracker', () => {
  it('follows a training from its first event to its end, with how long it took', () => {
    const jobs = new JobTracker();
    expect(jobs.running).toBe(false);
    expect(jobs.progress).toBe(progressIdle);
    expect(jobs.handle('training:progress', progress({ phase: 'preparing', elapsedMs: 200 }), 1_000)).toBeNull();
    expect(jobs.running).toBe(true);
    expect(jobs.progress).toBe(progressIndeterminate);
    jobs.handle('training:progress', progress({ epoch: 6, batch: 0 }), 5_000);
    expect(jobs.progress).toBeCloseTo(0.45);
    // scoring after training keeps counting from 90 %
    jobs.handle('training:progress', progress({ phase: 'scoring', batch: 0, batches: 10 }), 20_000);
    expect(jobs.progress).toBeCloseTo(0.9);
    const end = jobs.handle('training:done', { jobId: 'job-1', runId: 'run-7' }, 30_800);
    expect(end).toEqual({ kind: 'training', outcome: 'done', durationMs: 30_000, runId: 'run-7', message: null, sweep: null, file: null });
    expect(jobs.running).toBe(false);
    expect(jobs.progress).toBe(progressIdle);
  });

  it('tells a scoring job from a training, a failure from a cancel', () => {
    const jobs = new JobTracker();
    jobs.handle('training:progress', progress({ jobId: 'score-1', phase: 'scoring', batch: 1, batches: 4 }), 0);
    expect(jobs.progress).toBeCloseTo(0.25);
    expect(jobs.handle('training:done', { jobId: 'score-1', runId: 'run-2' }, 12_000)).toMatchObject({ kind: 'scoring', durationMs: 12_000 });
    jobs.handle('training:progress', progress({ jobId: 'job-2' }), 0);
    expect(jobs.handle('training:failed', { jobId: 'job-2', error: { code: 'COMPUTE_CRASHED', message: 'out of memory' } }, 1)).toMatchObject({
      kind: 'training',
      outcome: 'failed',
      message: 'out of memory',
    });
    jobs.handle('training:progress', progress({ jobId: 'job-3' }), 0);
    expect(jobs.handle('training:failed', { jobId: 'job-3', error: { code: 'CANCELLED', message: 'cancelled' } }, 1)).toMatchObject({ outcome: 'cancelled', message: null });
    // a job that failed before any progress took no time worth telling
    expect(jobs.handle('training:failed', { jobId: 'job-4', error: { code: 'BUSY', message: 'busy' } }, 50_000)).toMatchObject({ durationMs: 0 });
  });

  it('follows a sweep with the runs it finished', () => {
    const jobs = new JobTracker();
    jobs.handle('sweep:progress', sweep({ elapsedMs: 0 }), 1_000);
    expect(jobs.running).toBe(true);
    jobs.handle('sweep:progress', sweep({ done: 1, finishedRunId: 'run-a', current: null }), 5_000);
    expect(jobs.progress).toBeCloseTo(0.25);
    jobs.handle('sweep:progress', sweep({ done: 2, finishedRunId: 'run-b', current: null }), 9_000);
    const end = jobs.handle('sweep:progress', sweep({ state: 'done', done: 4, current: null, failures: [{ index: 3, settings: [], error: { code: 'X', message: 'no' } }] }), 61_000);
    expect(end).toEqual({
      kind: 'sweep',
      outcome: 'done',
      durationMs: 60_000,
      runId: null,
      message: null,
      sweep: { total: 4, finishedRunIds: ['run-a', 'run-b'], failed: 1 },
      file: null,
    });
    expect(jobs.running).toBe(false);
    jobs.handle('sweep:progress', sweep({ sweepId: 'sweep-2' }), 0);
    expect(jobs.handle('sweep:progress', sweep({ sweepId: 'sweep-2', state: 'cancelled' }), 1)).toMatchObject({ outcome: 'cancelled' });
  });

  it('ignores events that are not about jobs', () => {
    const jobs = new JobTracker();
    expect(jobs.handle('app:backend', { name: 'cpu', detail: '', gpu: false }, 0)).toBeNull();
    expect(jobs.running).toBe(false);
  });
});

const end = (overrides: Partial<JobEnd> = {}): JobEnd => ({
  kind: 'training',
  outcome: 'done',
  durationMs: 65_000,
  runId: 'run-7',
  message: null,
  sweep: null,
  file: null,
  ...overrides,
});

describe('notifications', () => {
  it('only for a long job that ended while the window was in the background, where the OS shows them', () => {
    const background = { windowFocused: false, supported: true };
    expect(shouldNotify(end(), background)).toBe(true);
    expect(shouldNotify(end({ durationMs: 9_999 }), background)).toBe(false);
    expect(shouldNotify(end(), { windowFocused: true, supported: true })).toBe(false);
    expect(shouldNotify(end(), { windowFocused: false, supported: false })).toBe(false);
    expect(shouldNotify(end({ outcome: 'cancelled' }), background)).toBe(false);
    expect(shouldNotify(end({ outcome: 'failed', durationMs: 10_000 }), background)).toBe(true);
  });

  const briefs: Record<string, RunBrief> = {
    'run-7': { name: 'dense-relu', datasetName: 'pump-station.csv', f1: 0.7234, epochsRun: 25 },
    'run-a': { name: 'deep-tanh', datasetName: 'p.csv', f1: 0.61, epochsRun: 3 },
    'run-b': { name: 'lstm-small', datasetName: 'p.csv', f1: 0.81, epochsRun: 1 },
    'run-n': { name: 'pca', datasetName: 'unlabelled.csv', f1: null, epochsRun: 1 },
  };
  const lookup = (runId: string) => briefs[runId] ?? null;

  it('names the run and its result, and shows it when clicked', () => {
    expect(jobNotice(end(), lookup)).toEqual({
      title: 'Training finished: dense-relu, F1 0.72',
      body: 'pump-station.csv, 25 epochs, in 1 min 5 s. Click to see the results.',
      show: { step: 'results', runId: 'run-7' },
    });
    expect(jobNotice(end({ runId: 'run-n', kind: 'scoring' }), lookup)).toMatchObject({ title: 'Scoring finished: pca', body: 'unlabelled.csv, in 1 min 5 s. Click to see the results.' });
    expect(jobNotice(end({ runId: 'unknown' }), lookup)).toMatchObject({ title: 'Training finished', show: { step: 'results', runId: 'unknown' } });
  });

  it('says what failed, and nothing for a cancel', () => {
    expect(jobNotice(end({ outcome: 'failed', runId: null, message: 'the compute process ran out of memory' }), lookup)).toEqual({
      title: 'Training failed: the compute process ran out of memory',
      body: 'After 1 min 5 s. Click to see what happened.',
      show: { step: 'train', runId: null },
    });
    expect(jobNotice(end({ outcome: 'cancelled' }), lookup)).toBeNull();
  });

  it('sums up a sweep with its best run', () => {
    const sweepEnd = end({ kind: 'sweep', runId: null, durationMs: 3_725_000, sweep: { total: 3, finishedRunIds: ['run-a', 'run-b'], failed: 1 } });
    expect(jobNotice(sweepEnd, lookup)).toEqual({
      title: 'Sweep finished: 3 runs, 1 failed',
      body: 'Best: lstm-small, F1 0.81. In 1 h 2 min. Click to compare the runs.',
      show: { step: 'compare', runId: null },
    });
  });

  it('tells about a long PDF report', () => {
    expect(jobNotice(end({ kind: 'pdf', runId: null, durationMs: 12_000, file: '/r/report.pdf' }), lookup)).toEqual({
      title: 'PDF report written',
      body: '/r/report.pdf in 12 s.',
      show: { step: 'report', runId: null },
    });
  });

  it('formats durations for people', () => {
    expect([formatDuration(400), formatDuration(12_400), formatDuration(60_000), formatDuration(7_260_000)]).toEqual(['0 s', '12 s', '1 min 0 s', '2 h 1 min']);
  });
});
