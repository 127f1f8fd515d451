import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import { errorCodes } from '../../../shared/ipc/contract';
import packageJson from '../../../package.json';
import { classifyOpenPath } from '../../project/open-target';
import { samplePath } from '../paths';
import type { Handlers } from '../router';
import type { HostServices } from '../services';

export function appHandlers(services: HostServices): Pick<Handlers, 'app:info' | 'app:memory' | 'app:pickFile' | 'app:classifyPath'> {
  return {
    'app:memory': async () => ({
      hostBytes: process.memoryUsage().rss,
      computeBytes: services.compute.lastRssBytes,
      freeBytes: os.freemem(),
      totalBytes: os.totalmem(),
    }),
    'app:info': async () => {
      // Starting the compute process early lets the status bar show the backend before the first job.
      void services.compute.start().catch((error) => services.log(`compute process did not start: ${String(error)}`));
      const sample = samplePath();
      return {
        version: packageJson.version,
        mode: services.options.mode,
        platform: `${os.platform()} ${os.arch()}`,
        backend: services.compute.backend,
        sampleName: existsSync(sample) ? path.basename(sample) : null,
      };
    },
    'app:pickFile': async () => {
      if (!services.options.pickFile) {
        throw new AppError(errorCodes.notSupported, 'web mode has no file dialog: type the path of the file instead');
      }
      return { path: await services.options.pickFile() };
    },
    // a dropped file or folder whose name does not say what it is (the same rules as a path from the OS)
    'app:classifyPath': ({ path: file }) => classifyOpenPath(file),
  };
}
