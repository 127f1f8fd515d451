import { existsSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import { errorCodes } from '../../../shared/ipc/contract';
import { samplePath } from '../paths';
import type { Handlers } from '../router';
import type { HostServices } from '../services';

export function datasetsHandlers(services: HostServices): Pick<Handlers, 'datasets:open' | 'datasets:openSample'> {
  return {
    'datasets:open': async ({ path }) => services.datasets.importCsv(path),
    'datasets:openSample': async () => {
      const sample = samplePath();
      if (!existsSync(sample)) throw new AppError(errorCodes.notFound, `the sample dataset is missing: ${sample}`);
      return services.datasets.importCsv(sample, 'Pump station (sample)');
    },
  };
}
