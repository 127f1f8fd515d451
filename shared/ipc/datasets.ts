import { z } from 'zod';
import { missingPolicySchema } from '../domain/data-prep';
import { columnRoleSchema } from '../domain/results';
import { appErrorSchema, channel, emptyRequest, float32ArraySchema, float64ArraySchema } from './contract';

export const columnTypeSchema = z.enum(['float', 'integer', 'boolean', 'timestamp', 'text']);

/** How a file was read: what the sniffer found, shown to the user and reused for the full import. */
export const dialectSchema = z.object({
  format: z.enum(['csv', 'parquet']),
  delimiter: z.string().nullable(),
  quote: z.string().nullable(),
  header: z.boolean(),
  encoding: z.enum(['utf-8', 'latin-1']),
  compression: z.enum(['none', 'gzip']),
});
export type Dialect = z.infer<typeof dialectSchema>;

export const columnProfileSchema = z.object({
  /** non-missing values */
  count: z.number().int(),
  /** empty, NaN and +/-Inf */
  missing: z.number().int(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  /** approximate for large columns */
  distinct: z.number().int().nullable(),
  constant: z.boolean(),
  /** equal-width bins between min and max, for the sparkline; empty for text */
  histogram: z.array(z.number().int()),
});
export type ColumnProfile = z.infer<typeof columnProfileSchema>;

export const columnInfoSchema = z.object({
  name: z.string(),
  type: columnTypeSchema,
  /** DuckDB's own type name, for the curious */
  sqlType: z.string(),
  nulls: z.number().int(),
  suggestedRole: columnRoleSchema,
  /** why that role was suggested, in the user's words */
  reason: z.string(),
  profile: columnProfileSchema.nullable(),
});
export type ColumnInfo = z.infer<typeof columnInfoSchema>;

export const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** What a quick look at a file shows before anything is imported. */
export const datasetPreviewSchema = z.object({
  path: z.string(),
  name: z.string(),
  bytes: z.number().int(),
  dialect: dialectSchema,
  columns: z.array(columnInfoSchema),
  preview: z.array(z.array(cellSchema)),
  /** null when it cannot be guessed cheaply */
  rowEstimate: z.number().int().nullable(),
  /** profiles and roles come from a sample of the file, not every row */
  sampled: z.boolean(),
});
export type DatasetPreview = z.infer<typeof datasetPreviewSchema>;

export const datasetSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  bytes: z.number().int(),
  rowCount: z.number().int(),
  columns: z.array(columnInfoSchema),
  preview: z.array(z.array(cellSchema)),
  dialect: dialectSchema,
  importedAt: z.string(),
  importSeconds: z.number(),
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

export const datasetListItemSchema = datasetSummarySchema.pick({ id: true, name: true, path: true, bytes: true, rowCount: true, importedAt: true });

export const importProgressSchema = z.object({
  jobId: z.string(),
  /** 'generating': a synthetic dataset being made before its import (rows generated, then rows formatted as CSV) */
  phase: z.enum(['generating', 'reading', 'parsing', 'profiling', 'saving']),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  rowsDone: z.number().int(),
  elapsedMs: z.number(),
  etaMs: z.number().nullable(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const missingReportSchema = z.object({
  rows: z.number().int(),
  rowsWithMissing: z.number().int(),
  cellsMissing: z.number().int(),
  /** first affected row (0-based data row) and its column, for the "fail" policy's message */
  first: z.object({ row: z.number().int(), column: z.string() }).nullable(),
});
export type MissingReport = z.infer<typeof missingReportSchema>;

export const overviewSchema = z.object({
  column: z.string(),
  rowCount: z.number().int(),
  bucketSize: z.number().int(),
  min: z.array(z.number().nullable()),
  max: z.array(z.number().nullable()),
  /** max label per bucket when a label column was given */
  labels: z.array(z.number()).nullable(),
});
export type Overview = z.infer<typeof overviewSchema>;

/** A page of the stored rows, for the table that scrolls through the whole dataset. */
export const rowPageSchema = z.object({
  offset: z.number().int(),
  count: z.number().int(),
  timeColumn: z.string().nullable(),
  timeKind: z.enum(['timestamp', 'number']).nullable(),
  /** count values, NaN where the time is missing; null without a time column */
  times: float64ArraySchema.nullable(),
  /** the stored numeric columns, in file order */
  columns: z.array(z.string()),
  /** count x columns, row-major; NaN marks a missing value */
  values: float32ArraySchema,
});
export type RowPage = z.infer<typeof rowPageSchema>;

export const anomalyKindSchema = z.enum(['mean-shift', 'correlation-break', 'variance-explosion']);
export type AnomalyKindName = z.infer<typeof anomalyKindSchema>;

/** Limits keep a generated file within what one import handles comfortably (about 200 MB of CSV). */
export const synthLimits = { minRows: 100, maxRows: 5_000_000, maxSignals: 500, maxCells: 20_000_000, maxShare: 0.5 } as const;

/** A plain name keeps the CSV free of quoting; "time" and "label" are the generated file's own columns. */
const synthSignalName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'a signal name is a letter or _ then letters, digits, _ . or -, at most 64 characters')
  .refine((name) => name !== 'time' && name !== 'label', 'time and label are the file\'s own columns');

/** Seed study 004's generator: signals from a few latent cycles plus noise, with injected anomalies. */
export const synthesizeRequestSchema = z
  .object({
    rows: z.number().int().min(synthLimits.minRows).max(synthLimits.maxRows),
    /** how many signals (named s00, s01, ...) or their names */
    signals: z.union([
      z.number().int().min(1).max(synthLimits.maxSignals),
      z
        .array(synthSignalName)
        .min(1)
        .max(synthLimits.maxSignals)
        .refine((names) => new Set(names).size === names.length, 'signal names must differ'),
    ]),
    anomalyShare: z.number().min(0).max(synthLimits.maxShare),
    kinds: z.array(anomalyKindSchema).min(1).max(3),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    /** latent factors (default 4) */
    latent: z.number().int().min(1).max(64).optional(),
    /** noise standard deviation relative to each signal's swings (default 0.1) */
    noise: z.number().min(0).max(10).optional(),
  })
  .strict()
  .refine((r) => r.rows * (typeof r.signals === 'number' ? r.signals : r.signals.length) <= synthLimits.maxCells, {
    message: `rows x signals must be at most ${synthLimits.maxCells.toLocaleString('en')}`,
    path: ['rows'],
  });
export type SynthesizeRequest = z.infer<typeof synthesizeRequestSchema>;

export const synthesizeResultSchema = z.object({
  dataset: datasetSummarySchema,
  /** the ground truth beside the CSV, in the interpretation-label format `--interpretation` reads */
  truthPath: z.string(),
  anomalies: z.number().int(),
  anomalousRows: z.number().int(),
});
export type SynthesizeResult = z.infer<typeof synthesizeResultSchema>;

const pathRequest = z.object({ path: z.string().min(1).max(4096) }).strict();
const datasetRequest = z.object({ datasetId: z.string().min(1).max(200) });

export const datasetsChannels = {
  /** Sniffed dialect, schema, roles and first rows: fast even for a 1 GB file. */
  'datasets:inspect': channel(pathRequest, datasetPreviewSchema),
  /** Full import as a job: datasets:importProgress, then datasets:imported or datasets:importFailed. */
  'datasets:import': channel(z.object({ path: z.string().min(1).max(4096), name: z.string().min(1).max(200).optional() }).strict(), z.object({ jobId: z.string() })),
  'datasets:cancelImport': channel(z.object({ jobId: z.string().min(1).max(200) }).strict(), z.object({ cancelled: z.boolean() })),
  /** Import and wait: for small files and the sample. */
  'datasets:open': channel(pathRequest, datasetSummarySchema),
  'datasets:openSample': channel(emptyRequest, datasetSummarySchema),
  /** Generates a synthetic dataset with its ground truth into the workspace and imports it. */
  'datasets:synthesize': channel(synthesizeRequestSchema, synthesizeResultSchema),
  /** Datasets imported earlier into this workspace: reopening one is instant. */
  'datasets:list': channel(emptyRequest, z.array(datasetListItemSchema)),
  'datasets:get': channel(datasetRequest.strict(), datasetSummarySchema),
  'datasets:missing': channel(datasetRequest.extend({ signals: z.array(z.string()).min(1).max(100_000) }).strict(), missingReportSchema),
  'datasets:rows': channel(
    datasetRequest.extend({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }).strict(),
    rowPageSchema,
  ),
  'datasets:overview': channel(
    datasetRequest.extend({ column: z.string().min(1), label: z.string().nullable(), width: z.number().int().min(10).max(4000) }).strict(),
    overviewSchema,
  ),
};

export const datasetsEvents = {
  'datasets:importProgress': importProgressSchema,
  'datasets:imported': z.object({ jobId: z.string(), dataset: datasetSummarySchema }),
  'datasets:importFailed': z.object({ jobId: z.string(), error: appErrorSchema }),
};

export { missingPolicySchema };
