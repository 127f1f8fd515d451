/** `npm run web -- --port <p> [--data-dir <dir>] [--backend <choice>]`: the app in a browser, served on 127.0.0.1 only. */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createHandlers } from './host/handlers';
import { rendererDir } from './host/paths';
import { createRouter } from './host/router';
import { createHostServices } from './host/services';
import { startWebServer } from './host/web-server';
import { backendFlag } from './cli/backend-flag';
import { forkTransport } from './jobs/transport';

export function defaultWorkspaceDir(): string {
  return process.env.ANOMALY_LENS_HOME ?? path.join(os.homedir(), '.anomaly-lens');
}

export async function runWebMode(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string', default: '5917' }, 'data-dir': { type: 'string' }, backend: { type: 'string' } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535, got ${values.port}`);
    process.exit(2);
  }
  let backend;
  try {
    backend = backendFlag(values.backend);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const services = await createHostServices({
    mode: 'web',
    workspaceDir: path.resolve(values['data-dir'] ?? defaultWorkspaceDir()),
    spawnCompute: (launch) => forkTransport(launch),
    backend,
  });
  const route = createRouter(createHandlers(services), services.log);
  const server = await startWebServer({ port, rendererDir: rendererDir(), route, events: services.events, log: services.log });
  console.log(`Anomaly Lens web mode: ${server.url}`);
  const stop = async () => {
    await server.close();
    await services.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  runWebMode(process.argv.slice(2)).catch((error) => {
    console.error(`web mode could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
