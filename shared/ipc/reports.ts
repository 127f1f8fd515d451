import { z } from 'zod';
import { channel } from './contract';

export const reportsChannels = {
  /** Writes a self-contained HTML report of the run into the workspace's reports folder. */
  'reports:export': channel(
    z.object({ runId: z.string().min(1).max(200) }).strict(),
    z.object({ path: z.string(), bytes: z.number().int(), charts: z.number().int() }),
  ),
};
