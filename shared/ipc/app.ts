import { z } from 'zod';
import { channel, emptyRequest } from './contract';
import { stepIdSchema } from './projects';

export const backendInfoSchema = z.object({
  /** tfjs backend in use: tensorflow (tfjs-node / tfjs-node-gpu), wasm or cpu */
  name: z.string(),
  /** what the ladder tried and why each higher rung was skipped */
  detail: z.string(),
  gpu: z.boolean(),
});
export type BackendInfo = z.infer<typeof backendInfoSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'web']),
  platform: z.string(),
  /** null until the compute process has started and chosen its backend */
  backend: backendInfoSchema.nullable(),
  sampleName: z.string().nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/** What a data file may be called: the import sniffs CSV, TSV and text tables (plain or gzip) and Parquet. */
export const datasetExtensions = ['csv', 'tsv', 'txt', 'parquet', 'csv.gz', 'tsv.gz', 'txt.gz'] as const;
/** Installers associate folders named like this with the app (macOS shows one as a document). */
export const projectFolderSuffix = '.anomalylens';

/** Whether a file name says it holds a table the import reads (by its extension, any case). */
export function isDatasetName(name: string): boolean {
  const lower = name.toLowerCase();
  return datasetExtensions.some((extension) => lower.endsWith(`.${extension}`));
}

/**
 * What a path handed to the app opens: from the command line, "Open with", a second launch or a
 * drop on the window. A project is its folder (the folder holding project.json).
 */
export const openTargetSchema = z.object({
  kind: z.enum(['project', 'dataset', 'unsupported']),
  path: z.string(),
  /** why an unsupported path cannot be opened, in one sentence; null otherwise */
  message: z.string().nullable(),
});
export type OpenTarget = z.infer<typeof openTargetSchema>;

/** What the desktop app's menu asks the renderer to do; the same actions as the header buttons and shortcuts. */
export const menuCommandNames = [
  'openDataset',
  'openProject',
  'saveProject',
  'saveProjectAs',
  'exportReport',
  'train',
  'cancel',
  'toggleTheme',
] as const;
export const menuCommandSchema = z.object({
  command: z.enum(menuCommandNames),
  /** openProject: the folder of a recent project; absent, the user is asked */
  path: z.string().optional(),
});
export type MenuCommand = z.infer<typeof menuCommandSchema>;

export const appChannels = {
  'app:info': channel(emptyRequest, appInfoSchema),
  /** Memory of the app's processes and of the machine, for the status bar. */
  'app:memory': channel(
    emptyRequest,
    z.object({
      hostBytes: z.number(),
      /** the compute process at its last job progress report; null before the first job */
      computeBytes: z.number().nullable(),
      freeBytes: z.number(),
      totalBytes: z.number(),
    }),
  ),
  /** Native open-file dialog; NOT_SUPPORTED in web mode, where the renderer asks for a path. */
  'app:pickFile': channel(emptyRequest, z.object({ path: z.string().nullable() })),
  /** What a path opens (a dropped file or folder whose name does not say): project, dataset or neither. */
  'app:classifyPath': channel(z.object({ path: z.string().min(1).max(4096) }).strict(), openTargetSchema),
};

export const appEvents = {
  'app:backend': backendInfoSchema,
  'app:computeCrashed': z.object({ message: z.string(), restarted: z.boolean() }),
  /** desktop app: a menu item was chosen */
  'app:menuCommand': menuCommandSchema,
  /** desktop app: the OS handed over a path (launch argument, "Open with", a second launch) */
  'app:openPath': openTargetSchema,
  /** desktop app: a job's notification was clicked; show its run (or the step when there is none) */
  'app:showRun': z.object({ step: stepIdSchema, runId: z.string().nullable() }),
};
