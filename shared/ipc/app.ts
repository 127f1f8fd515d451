import { z } from 'zod';
import { channel, emptyRequest } from './contract';

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
};

export const appEvents = {
  'app:backend': backendInfoSchema,
  'app:computeCrashed': z.object({ message: z.string(), restarted: z.boolean() }),
};
