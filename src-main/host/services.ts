import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DatasetStore } from '../data/dataset-store';
import { ComputeClient } from '../jobs/compute-client';
import type { ComputeLaunch, ComputeTransport } from '../jobs/transport';
import type { BackendChoice } from '../../shared/ipc/settings';
import { BackendSettingsStore } from './backend-settings';
import type { ProjectInfo, ProjectView } from '../../shared/ipc/projects';
import { EventHub } from './events';
import { LoadedModels } from './loaded-models';
import { RecentProjects } from '../project/recent-projects';
import { RunStore } from './runs';

export interface HostOptions {
  mode: 'electron' | 'web';
  /** folder for the session's DuckDB file, runs and reports */
  workspaceDir: string;
  /** starts a compute process loading `launch.backend`; with `launch.probe`, a short-lived probe of that one backend */
  spawnCompute: (launch: ComputeLaunch) => ComputeTransport;
  /** the `--backend` flag of this launch: wins over the saved setting until another is applied */
  backend?: BackendChoice | null;
  /** native open-file dialog; absent in web mode */
  pickFile?: () => Promise<string | null>;
  /** native folder dialog for opening or saving a project; absent in web mode */
  pickFolder?: (purpose: 'open' | 'save') => Promise<string | null>;
  /** prints an HTML file to PDF (Electron's printToPDF); absent: headless Chromium where installed */
  printPdf?: (htmlFile: string, pdfFile: string) => Promise<void>;
  log?: (line: string) => void;
}

/** A grid sweep in progress: it holds the compute process between its runs too. */
export interface ActiveSweep {
  sweepId: string;
  /** stops the run in training and drops the rest of the queue */
  cancel(): void;
}

/** What the handlers share: one place for data, jobs, runs and pushes. */
export interface HostServices {
  options: HostOptions;
  datasets: DatasetStore;
  compute: ComputeClient;
  /** which backend the compute process loads (flag, saved setting, auto) and which load here */
  backendSettings: BackendSettingsStore;
  runs: RunStore;
  /** models imported from folders, ready to score datasets with */
  models: LoadedModels;
  /** the project the session was last saved as or opened from, with the view then; null before either */
  project: (ProjectInfo & { view: ProjectView }) | null;
  recentProjects: RecentProjects;
  events: EventHub;
  /** set while a sweep runs; training:start and a second sweep are refused meanwhile */
  activeSweep: ActiveSweep | null;
  log: (line: string) => void;
  reportsDir: string;
  close(): Promise<void>;
}

export async function createHostServices(options: HostOptions): Promise<HostServices> {
  await mkdir(options.workspaceDir, { recursive: true });
  const log = options.log ?? ((line: string) => console.error(line));
  const events = new EventHub();
  const datasets = await DatasetStore.open(path.join(options.workspaceDir, 'lens.duckdb'), path.join(options.workspaceDir, 'datasets'));
  const backendSettings = await BackendSettingsStore.open({
    workspaceDir: options.workspaceDir,
    flag: options.backend ?? null,
    spawn: options.spawnCompute,
    log,
  });
  // the choice is read at each start, so a restart (or a restart after a crash) loads the current one
  const compute = new ComputeClient(() => options.spawnCompute({ backend: backendSettings.chosen }), {
    onBackend: (backend) => events.emit('app:backend', backend),
    onCrash: (message) => {
      log(message);
      events.emit('app:computeCrashed', { message, restarted: false });
    },
  });
  const services: HostServices = {
    options,
    datasets,
    compute,
    backendSettings,
    runs: new RunStore(),
    models: new LoadedModels(),
    project: null,
    recentProjects: new RecentProjects(path.join(options.workspaceDir, 'recent-projects.json')),
    events,
    activeSweep: null,
    log,
    reportsDir: path.join(options.workspaceDir, 'reports'),
    async close() {
      // before the compute process goes: a sweep would otherwise start its next run on a fresh one
      services.activeSweep?.cancel();
      compute.stop();
      await datasets.close();
    },
  };
  return services;
}
