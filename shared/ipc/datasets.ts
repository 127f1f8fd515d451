import { z } from 'zod';
import { columnRoleSchema } from '../domain/results';
import { channel, emptyRequest } from './contract';

export const columnTypeSchema = z.enum(['float', 'integer', 'boolean', 'timestamp', 'text']);

export const columnInfoSchema = z.object({
  name: z.string(),
  type: columnTypeSchema,
  /** DuckDB's own type name, for the curious */
  sqlType: z.string(),
  nulls: z.number().int(),
  suggestedRole: columnRoleSchema,
  /** why that role was suggested, in the user's words */
  reason: z.string(),
});
export type ColumnInfo = z.infer<typeof columnInfoSchema>;

export const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const datasetSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  bytes: z.number().int(),
  rowCount: z.number().int(),
  columns: z.array(columnInfoSchema),
  preview: z.array(z.array(cellSchema)),
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

export const datasetsChannels = {
  'datasets:open': channel(z.object({ path: z.string().min(1).max(4096) }).strict(), datasetSummarySchema),
  'datasets:openSample': channel(emptyRequest, datasetSummarySchema),
};
