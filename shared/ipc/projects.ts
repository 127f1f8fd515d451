import { z } from 'zod';
import { missingPolicySchema } from '../domain/data-prep';
import { columnRoleSchema } from '../domain/results';
import { channel, emptyRequest } from './contract';
import { reportSectionSchema } from './reports';

const idSchema = z.string().min(1).max(200);
const dirSchema = z.string().min(1).max(4096);
const nameSchema = z.string().trim().min(1).max(200);

/**
 * A form as the user left it: field name to what was typed (text, a checkbox, or null for a field
 * the chosen family lacks). The renderer keeps only the fields its form knows.
 */
export const formValuesSchema = z
  .record(z.string().max(64), z.union([z.string().max(10_000), z.boolean(), z.null()]))
  .refine((values) => Object.keys(values).length <= 64, 'a form has at most 64 fields');

export const stepIdSchema = z.enum(['data', 'model', 'train', 'results', 'explain', 'compare', 'report']);

/**
 * What the renderer shows, saved with the project so that reopening it shows the same views: the
 * open dataset with its roles, split and missing-value policy, the model form, the run on screen
 * with its selected event and heatmap viewport, the runs checked for comparison and the report's
 * sections. Ids refer to the project's own datasets and runs; the host checks that they do.
 */
export const projectViewSchema = z
  .object({
    step: stepIdSchema,
    datasetId: idSchema.nullable(),
    roleOf: z.record(z.string().max(10_000), columnRoleSchema).refine((roles) => Object.keys(roles).length <= 100_000, 'too many columns'),
    splitForm: formValuesSchema.nullable(),
    missing: missingPolicySchema,
    presetName: z.string().max(200).nullable(),
    modelForm: formValuesSchema.nullable(),
    runId: idSchema.nullable(),
    selectedEvent: z.number().int().min(0).nullable(),
    explain: z
      .object({
        rowStart: z.number().int().min(0),
        rowEnd: z.number().int().min(1),
        sortByError: z.boolean(),
        normalised: z.boolean(),
        pinned: z.array(z.string().max(10_000)).max(64),
      })
      .strict()
      .nullable(),
    compareChecked: z.array(idSchema).max(1000),
    reportSections: z.array(reportSectionSchema).max(64).nullable(),
  })
  .strict();
export type ProjectView = z.infer<typeof projectViewSchema>;

/** A project as the app knows it: where it lies and when it was last saved. */
export const projectInfoSchema = z.object({
  dir: z.string(),
  name: z.string(),
  savedAt: z.string(),
});
export type ProjectInfo = z.infer<typeof projectInfoSchema>;

export const openedProjectSchema = projectInfoSchema.extend({
  view: projectViewSchema,
  /** the runs the project holds, in the order they were made */
  runIds: z.array(z.string()),
  /** set when a project written by an older version was upgraded on reading (it is saved in the new form on the next save) */
  migratedFrom: z.number().int().nullable(),
});
export type OpenedProject = z.infer<typeof openedProjectSchema>;

export const recentProjectSchema = projectInfoSchema.extend({
  /** false when the folder is gone or no longer holds a project: the list says so rather than hiding it */
  available: z.boolean(),
});
export type RecentProject = z.infer<typeof recentProjectSchema>;

export const projectsChannels = {
  /**
   * Writes the session (datasets in use, every run, imported models) and the view into a project
   * folder; without `dir`, into the open project's folder. Datasets and runs already in the folder
   * are not written again. A crash or kill during the save leaves the previous save readable.
   */
  'projects:save': channel(
    z
      .object({
        dir: dirSchema.optional(),
        name: nameSchema.optional(),
        view: projectViewSchema,
        /** Save as into a folder that holds another project replaces it: refused with CONFLICT unless this says so */
        replace: z.boolean().optional(),
      })
      .strict(),
    projectInfoSchema,
  ),
  /** Replaces the session's runs and imported models with the project's and returns its view. */
  'projects:open': channel(z.object({ dir: dirSchema }).strict(), openedProjectSchema),
  /**
   * The open project with the view it was last saved or opened with; null before either. A page
   * reloaded in web mode shows that view again (the host still holds the runs).
   */
  'projects:current': channel(emptyRequest, projectInfoSchema.extend({ view: projectViewSchema }).nullable()),
  /** Projects saved or opened lately, newest first. */
  'projects:recent': channel(emptyRequest, z.array(recentProjectSchema)),
  /** Takes a project off the recent list (the folder is left alone). */
  'projects:forget': channel(z.object({ dir: dirSchema }).strict(), z.array(recentProjectSchema)),
  /** Native folder dialog; NOT_SUPPORTED in web mode, where the renderer asks for a path. */
  'projects:pickFolder': channel(z.object({ purpose: z.enum(['open', 'save']) }).strict(), z.object({ dir: z.string().nullable() })),
};
