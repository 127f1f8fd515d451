import { z } from 'zod';
import { channel } from './contract';

/** The report's sections, in the order they appear; each is a `<section id=…>` of the HTML. */
export const reportSectionIds = [
  'dataset',
  'profile',
  'model',
  'training',
  'anomaly-signal',
  'metrics',
  'roc-pr',
  'events',
  'heatmap',
  'top-signals',
] as const;
export const reportSectionSchema = z.enum(reportSectionIds);
export type ReportSection = z.infer<typeof reportSectionSchema>;

export const reportSectionTitles: Record<ReportSection, string> = {
  dataset: 'Dataset',
  profile: 'Dataset profile',
  model: 'Model and preprocessing',
  training: 'Training',
  'anomaly-signal': 'Anomaly signal',
  metrics: 'Metrics',
  'roc-pr': 'ROC and PR curves',
  events: 'Alarm events',
  heatmap: 'Heatmap of the top events',
  'top-signals': 'Top 20 signals',
};

const reportRequest = z
  .object({
    runId: z.string().min(1).max(200),
    /** which sections go in; all when left out */
    sections: z.array(reportSectionSchema).max(reportSectionIds.length).optional(),
  })
  .strict();

const writtenFile = z.object({ path: z.string(), bytes: z.number().int() });

export const reportsChannels = {
  /** Writes a self-contained HTML report of the run into the workspace's reports folder. */
  'reports:export': channel(reportRequest, writtenFile.extend({ charts: z.number().int() })),
  /** The report's HTML for the in-app preview; nothing is written. */
  'reports:preview': channel(reportRequest, z.object({ html: z.string(), charts: z.number().int() })),
  /** The same report as PDF: Electron prints it in a hidden window, web mode runs headless Chromium. */
  'reports:exportPdf': channel(reportRequest, writtenFile),
  /** Scores or per-signal errors of the run as CSV or Parquet; into the reports folder unless `path` is given. */
  'reports:exportData': channel(
    z
      .object({
        runId: z.string().min(1).max(200),
        what: z.enum(['scores', 'errors']),
        format: z.enum(['csv', 'parquet']),
        /** an absolute file path to write */
        path: z.string().min(1).max(4096).refine((file) => /^([A-Za-z]:[\\/]|[\\/])/.test(file), 'must be an absolute path').optional(),
      })
      .strict(),
    writtenFile.extend({ rows: z.number().int() }),
  ),
};
