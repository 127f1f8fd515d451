import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DatasetStore } from '../data/dataset-store';
import { ComputeClient } from '../jobs/compute-client';
import type { ComputeTransport } from '../jobs/transport';
import { EventHub } from './events';
import { RunStore } from './runs';

export interface HostOptions {
  mode: 'electron' | 'web';
  /** folder for the session's DuckDB file, runs and reports */
  workspaceDir: string;
  spawnCompute: () => ComputeTransport;
  /** native open-file dialog; absent in web mode */
  pickFile?: () => Promise<string | null>;
  log?: (line: string) => void;
}

/** What the handlers share: one place for data, jobs, runs and pushes. */
export interface HostServices {
  options: HostOptions;
  datasets: DatasetStore;
  compute: ComputeClient;
  runs: RunStore;
  events: EventHub;
  log: (line: string) => void;
  reportsDir: string;
  close(): Promise<void>;
}

export async function createHostServices(options: HostOptions): Promise<HostServices> {
  await mkdir(options.workspaceDir, { recursive: true });
  const log = options.log ?? ((line: string) => console.error(line));
  const events = new EventHub();
  const datasets = await DatasetStore.open(path.join(options.workspaceDir, 'lens.duckdb'), path.join(options.workspaceDir, 'datasets'));
  const compute = new ComputeClient(options.spawnCompute, {
    onBackend: (backend) => events.emit('app:backend', backend),
    onCrash: (message) => {
      log(message);
      events.emit('app:computeCrashed', { message, restarted: false });
    },
  });
  return {
    options,
    datasets,
    compute,
    runs: new RunStore(),
    events,
    log,
    reportsDir: path.join(options.workspaceDir, 'reports'),
    async close() {
      compute.stop();
      await datasets.close();
    },
  };
}
