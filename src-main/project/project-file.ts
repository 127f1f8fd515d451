import { z } from 'zod';
import { alarmRulesSchema, thresholdRuleSchema } from '../../shared/domain/results';
import { projectViewSchema } from '../../shared/ipc/projects';

/**
 * project.json: what a project holds (datasets, runs with their current threshold, imported models)
 * and the view it was left in. It is the last file a save writes, so it only ever names folders that
 * are complete.
 */
export const projectFileName = 'project.json';
export const projectFileVersion = 1;

/** Ids become folder names: a project file must not be able to name a path outside its folder. */
const folderIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'letters, digits, _ and - only');

export const projectManifestSchema = z
  .object({
    format: z.literal('anomaly-lens-project'),
    version: z.literal(projectFileVersion),
    name: z.string().min(1).max(200),
    savedAt: z.string(),
    appVersion: z.string(),
    datasets: z.array(z.object({ id: folderIdSchema, name: z.string(), path: z.string() }).strict()),
    runs: z.array(z.object({ runId: folderIdSchema, threshold: z.object({ rule: thresholdRuleSchema, alarms: alarmRulesSchema }).strict() }).strict()),
    models: z.array(z.object({ modelId: folderIdSchema }).strict()),
    view: projectViewSchema,
  })
  .strict();
export type ProjectManifest = z.infer<typeof projectManifestSchema>;

/** Upgrades a manifest of version `from` to `from + 1`; it receives parsed JSON, not yet checked. */
export type ManifestMigration = (manifest: Record<string, unknown>) => Record<string, unknown>;

/**
 * The hook for later versions: when version N changes the file, add `N - 1: upgrade` here and a
 * project written by an older app opens in the newer one. Version 1 is the first.
 */
export const manifestMigrations: Record<number, ManifestMigration> = {};

/**
 * Parsed JSON of any version up to `current`, upgraded step by step (not yet checked against the
 * schema); a newer version is refused with what to do, as is anything that is not a project file.
 */
export function upgradeManifestJson(
  raw: unknown,
  file: string,
  migrations: Record<number, ManifestMigration>,
  current: number,
): { upgraded: Record<string, unknown>; migratedFrom: number | null } {
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== 'anomaly-lens-project') {
    throw new Error(`${file} is not an Anomaly Lens project file`);
  }
  const version = (raw as { version?: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new Error(`${file} has no valid version number`);
  }
  if (version > current) {
    throw new Error(`${file} was saved by a newer Anomaly Lens (project version ${version}; this app reads up to ${current}): update the app to open it`);
  }
  let upgraded = raw as Record<string, unknown>;
  for (let from = version; from < current; from++) {
    const migrate = migrations[from];
    if (!migrate) throw new Error(`${file}: no upgrade from project version ${from} to ${from + 1}`);
    upgraded = { ...migrate(upgraded), version: from + 1 };
  }
  return { upgraded, migratedFrom: version < current ? version : null };
}

/** A project.json's text, upgraded to the current version and checked. */
export function parseManifest(text: string, file: string): { manifest: ProjectManifest; migratedFrom: number | null } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const { upgraded, migratedFrom } = upgradeManifestJson(raw, file, manifestMigrations, projectFileVersion);
  const parsed = projectManifestSchema.safeParse(upgraded);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; ');
    throw new Error(`${file} is not a valid Anomaly Lens project: ${reason}`);
  }
  return { manifest: parsed.data, migratedFrom };
}
