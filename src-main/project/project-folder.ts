import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectView } from '../../shared/ipc/projects';
import type { SavedModel } from '../ml/model-file';
import { writeModelDir } from '../ml/model-file';
import { thresholdInputsOf, thresholdState, type RunRecord } from '../host/runs';
import { copyFolderAtomic, partialMarker, removePartials, writeFileAtomic, writeFolderAtomic } from './atomic-write';
import { parseManifest, projectFileName, projectFileVersion, type ProjectManifest } from './project-file';
import { readRunFolder, writeRunFolder } from './run-folder';

/**
 * A project folder (DESIGN section 2):
 *   project.json           what the project holds and the view it was left in (project-file.ts)
 *   datasets/<id>/         a stored dataset as the workspace keeps it (meta.json, values.f32, times.f64)
 *   runs/<id>/             a finished run (run-folder.ts)
 *   models/<id>/           a model imported into the project, as models:export writes it
 * Folders are written once under a temporary name and renamed into place; project.json is written
 * last, atomically, and folders it no longer names are removed only after it. A save killed at any
 * moment leaves the previous project.json with every folder it names.
 */
const subfolders = { datasets: 'datasets', runs: 'runs', models: 'models' } as const;

export interface ProjectSnapshot {
  name: string;
  appVersion: string;
  view: ProjectView;
  /** the datasets in use, each with the folder it is stored in */
  datasets: Array<{ id: string; name: string; path: string; folder: string }>;
  runs: RunRecord[];
  /** models imported into the session */
  models: Array<{ modelId: string; saved: SavedModel }>;
}

const exists = (target: string) => stat(target).then(() => true, () => false);

/** What a save writes or leaves behind when killed: a folder holding only these is a project being made. */
const isProjectEntry = (name: string) =>
  name === projectFileName || Object.values(subfolders).includes(name as never) || name.includes(partialMarker) || name.endsWith('.tmp');

/**
 * Refuses to write into a folder that holds other things: pruning would delete them. A first save
 * that was killed left only project entries, so its folder can be saved into again.
 */
async function assertProjectFolder(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (entries.every(isProjectEntry)) return;
  throw new Error(`${dir} is not empty and holds no Anomaly Lens project: choose an empty folder, a new one, or an existing project`);
}

/** Whether `dir` holds a saved project (a Save as there replaces it). */
export const holdsProject = (dir: string) => exists(path.join(dir, projectFileName));

/** Writes the snapshot into `dir`, skipping datasets, runs and models already there. */
export async function saveProject(dir: string, snapshot: ProjectSnapshot): Promise<ProjectManifest> {
  await assertProjectFolder(dir);
  const folder = (kind: keyof typeof subfolders, id: string) => path.join(dir, subfolders[kind], id);
  for (const folder of [dir, ...Object.values(subfolders).map((kind) => path.join(dir, kind))]) await removePartials(folder);

  for (const dataset of snapshot.datasets) {
    const target = folder('datasets', dataset.id);
    if (!(await exists(target))) await copyFolderAtomic(dataset.folder, target);
  }
  for (const record of snapshot.runs) {
    const target = folder('runs', record.result.runId);
    if (!(await exists(target))) await writeFolderAtomic(target, (partial) => writeRunFolder(partial, record));
  }
  for (const model of snapshot.models) {
    const target = folder('models', model.modelId);
    if (!(await exists(target))) await writeFolderAtomic(target, (partial) => writeModelDir(partial, model.saved));
  }

  const manifest: ProjectManifest = {
    format: 'anomaly-lens-project',
    version: projectFileVersion,
    name: snapshot.name,
    savedAt: new Date().toISOString(),
    appVersion: snapshot.appVersion,
    datasets: snapshot.datasets.map(({ id, name, path: file }) => ({ id, name, path: file })),
    runs: snapshot.runs.map((record) => {
      const { rule, alarms } = record.result.threshold;
      return { runId: record.result.runId, threshold: { rule, alarms } };
    }),
    models: snapshot.models.map(({ modelId }) => ({ modelId })),
    view: snapshot.view,
  };
  await writeFileAtomic(path.join(dir, projectFileName), `${JSON.stringify(manifest, null, 1)}\n`);

  const kept = {
    datasets: new Set(manifest.datasets.map((dataset) => dataset.id)),
    runs: new Set(manifest.runs.map((run) => run.runId)),
    models: new Set(manifest.models.map((model) => model.modelId)),
  };
  for (const kind of Object.keys(subfolders) as Array<keyof typeof subfolders>) {
    const parent = path.join(dir, subfolders[kind]);
    for (const name of await readdir(parent).catch(() => [] as string[])) {
      if (!kept[kind].has(name)) await rm(path.join(parent, name), { recursive: true, force: true });
    }
  }
  return manifest;
}

export interface ProjectContents {
  manifest: ProjectManifest;
  migratedFrom: number | null;
  /** the runs with the threshold each was saved with */
  runs: RunRecord[];
  datasetFolders: string[];
  modelFolders: Array<{ modelId: string; dir: string }>;
}

/** Reads a project folder; any missing or broken part is an error that names its file. */
export async function readProject(dir: string): Promise<ProjectContents> {
  const file = path.join(dir, projectFileName);
  const text = await readFile(file, 'utf8').catch(() => {
    throw new Error(`${file} is missing: ${dir} is not an Anomaly Lens project folder`);
  });
  const { manifest, migratedFrom } = parseManifest(text, file);
  const runIds = new Set(manifest.runs.map((run) => run.runId));
  const datasetIds = new Set(manifest.datasets.map((dataset) => dataset.id));
  const { view } = manifest;
  if (view.runId !== null && !runIds.has(view.runId)) throw new Error(`${file}: the view shows run ${view.runId}, which the project does not hold`);
  if (view.datasetId !== null && !datasetIds.has(view.datasetId)) {
    throw new Error(`${file}: the view shows dataset ${view.datasetId}, which the project does not hold`);
  }
  const runs: RunRecord[] = [];
  for (const { runId, threshold } of manifest.runs) {
    const record = await readRunFolder(path.join(dir, subfolders.runs, runId));
    if (record.result.runId !== runId) throw new Error(`${path.join(dir, subfolders.runs, runId)} holds run ${record.result.runId}`);
    record.result.threshold = thresholdState(threshold.rule, thresholdInputsOf(record), threshold.alarms);
    runs.push(record);
  }
  return {
    manifest,
    migratedFrom,
    runs,
    datasetFolders: manifest.datasets.map((dataset) => path.join(dir, subfolders.datasets, dataset.id)),
    modelFolders: manifest.models.map(({ modelId }) => ({ modelId, dir: path.join(dir, subfolders.models, modelId) })),
  };
}
