import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { errorCodes } from '../../../shared/ipc/contract';
import type { OpenedProject, ProjectInfo, ProjectView } from '../../../shared/ipc/projects';
import packageJson from '../../../package.json';
import { holdsProject, readProject, saveProject, type ProjectSnapshot } from '../../project/project-folder';
import type { Handlers } from '../router';
import type { HostServices } from '../services';
import { assertIdle } from '../train-run';

type ProjectsChannels = 'projects:save' | 'projects:open' | 'projects:current' | 'projects:recent' | 'projects:forget' | 'projects:pickFolder';

/** A file-system failure reaches the user as one sentence that names the file. */
function asBadRequest(error: unknown): never {
  if (error instanceof AppError) throw error;
  throw new AppError(errorCodes.badRequest, (error as Error).message.split('\n')[0]!);
}

/** The session as a project holds it: every run, the datasets they (and the view) use, the imported models. */
async function snapshotOf(services: HostServices, name: string, view: ProjectView): Promise<ProjectSnapshot> {
  const runs = services.runs.list();
  const runIds = new Set(runs.map((record) => record.result.runId));
  if (view.runId !== null && !runIds.has(view.runId)) throw new AppError(errorCodes.badRequest, `the view shows run ${view.runId}, which this session does not hold`);
  const datasetIds = new Set(runs.map((record) => record.result.datasetId));
  if (view.datasetId !== null) datasetIds.add(view.datasetId);
  const datasets: ProjectSnapshot['datasets'] = [];
  for (const id of datasetIds) {
    const summary = await services.datasets.summary(id);
    datasets.push({ id, name: summary.name, path: summary.path, folder: await services.datasets.storedFolder(id) });
  }
  return {
    name,
    appVersion: packageJson.version,
    // runs compared earlier but gone now are simply not checked
    view: { ...view, compareChecked: view.compareChecked.filter((id) => runIds.has(id)) },
    datasets,
    runs,
    models: services.models.entries().map(({ info, saved }) => ({ modelId: info.modelId, saved })),
  };
}

export function projectsHandlers(services: HostServices): Pick<Handlers, ProjectsChannels> {
  /**
   * Saves and opens one at a time, in the order asked: a second save would write the same folders
   * under the first, and a save finishing after an open would point the session back at the old folder.
   */
  let queue: Promise<unknown> = Promise.resolve();
  function inTurn<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  }

  async function save(dir: string, name: string, view: ProjectView, replace: boolean): Promise<ProjectInfo> {
    const snapshot = await snapshotOf(services, name, view);
    if (dir !== services.project?.dir && !replace && (await holdsProject(dir))) {
      throw new AppError(errorCodes.conflict, `${dir} holds another project: saving there replaces it`, { dir });
    }
    const manifest = await saveProject(dir, snapshot).catch(asBadRequest);
    const info = { dir, name: manifest.name, savedAt: manifest.savedAt };
    services.project = { ...info, view: manifest.view };
    await services.recentProjects.add(info);
    return info;
  }

  async function open(dir: string): Promise<OpenedProject> {
    // a run finishing now would land in the project being replaced
    assertIdle(services);
    const contents = await readProject(dir).catch(asBadRequest);
    for (const folder of contents.datasetFolders) await services.datasets.attach(folder).catch(asBadRequest);
    await services.models.replace(contents.modelFolders);
    services.runs.replace(contents.runs);
    const { manifest } = contents;
    const info = { dir, name: manifest.name, savedAt: manifest.savedAt };
    services.project = { ...info, view: manifest.view };
    await services.recentProjects.add(info);
    return { ...info, view: manifest.view, runIds: contents.runs.map((record) => record.result.runId), migratedFrom: contents.migratedFrom };
  }

  return {
    'projects:save': async (request) => {
      const dir = request.dir ? path.resolve(request.dir) : services.project?.dir;
      if (!dir) throw new AppError(errorCodes.badRequest, 'no project is open: choose a folder to save the project in');
      const name = request.name ?? (dir === services.project?.dir ? services.project.name : path.basename(dir));
      return inTurn(() => save(dir, name, request.view, request.replace === true));
    },
    'projects:open': async ({ dir }) => inTurn(() => open(path.resolve(dir))),
    'projects:current': async () => services.project,
    'projects:recent': () => services.recentProjects.list(),
    'projects:forget': ({ dir }) => services.recentProjects.forget(dir),
    'projects:pickFolder': async ({ purpose }) => {
      if (!services.options.pickFolder) {
        throw new AppError(errorCodes.notSupported, 'web mode has no folder dialog: type the path of the project folder instead');
      }
      return { dir: await services.options.pickFolder(purpose) };
    },
  };
}
