import type { Handlers } from '../router';
import type { HostServices } from '../services';
import { assertIdle } from '../train-run';

export function settingsHandlers(services: HostServices): Pick<Handlers, 'settings:backends' | 'settings:setBackend'> {
  const settings = services.backendSettings;
  return {
    'settings:backends': async ({ refresh }) => {
      // the running process proves its own backend: wait for it when it is still starting (it is started on app:info anyway)
      const active = await services.compute.start().catch(() => services.compute.backend);
      return settings.describe(active, refresh === true);
    },
    'settings:setBackend': async ({ choice }) => {
      // a job, a sweep or another restart holds the compute process: BUSY, as a second job would get.
      // Nothing is awaited before restart() has marked the process as restarting, so no job slips in.
      assertIdle(services);
      const putBack = settings.use(choice);
      // the fresh process reports app:backend itself; a choice that does not load falls back and says so in its detail
      const active = await services.compute.restart().catch((error: unknown) => {
        putBack();
        throw error;
      });
      await settings.persist();
      services.log(`compute process restarted with backend ${choice}: ${active.name} (${active.detail})`);
      return settings.describe(active);
    },
  };
}
