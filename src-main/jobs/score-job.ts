import type { Tf } from '../ml/backend';
import { scoreWithModel } from '../ml/score-model';
import type { ScoreJob, ScoreJobOutput } from './protocol';
import { scoringProgressOf, type JobHooks } from './train-job';

/** Scores new rows with a saved model, chunk by chunk so that a long file reports progress and can be cancelled. */
export async function runScoreJob(tf: Tf, job: ScoreJob, hooks: JobHooks): Promise<ScoreJobOutput> {
  hooks.onProgress('scoring', null);
  const started = performance.now();
  const scored = await scoreWithModel(tf, job.model, job.rows, {
    isCancelled: hooks.isCancelled,
    onProgress: (done, rows) => hooks.onProgress('scoring', scoringProgressOf(started, done, rows)),
  });
  return { scores: scored.scores, errors: scored.errors?.data ?? null, extraScores: scored.extraScores };
}
