import type { Handlers } from '../router';
import type { HostServices } from '../services';
import { appHandlers } from './app';
import { compareHandlers } from './compare';
import { datasetsHandlers } from './datasets';
import { hitRateHandlers } from './hit-rate';
import { modelsHandlers } from './models';
import { projectsHandlers } from './projects';
import { reportsHandlers } from './reports';
import { resultsHandlers } from './results';
import { settingsHandlers } from './settings';
import { trainingHandlers } from './training';

export function createHandlers(services: HostServices): Handlers {
  return {
    ...appHandlers(services),
    ...datasetsHandlers(services),
    ...modelsHandlers(services),
    ...trainingHandlers(services),
    ...resultsHandlers(services),
    ...hitRateHandlers(services),
    ...reportsHandlers(services),
    ...compareHandlers(services),
    ...projectsHandlers(services),
    ...settingsHandlers(services),
  };
}
