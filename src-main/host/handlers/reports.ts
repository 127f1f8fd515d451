import path from 'node:path';
import packageJson from '../../../package.json';
import { writeFileAtomic } from '../../project/atomic-write';
import { buildReportHtml } from '../../report/html';
import type { Handlers } from '../router';
import type { HostServices } from '../services';

function safeFileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'dataset';
}

export function reportsHandlers(services: HostServices): Pick<Handlers, 'reports:export'> {
  return {
    'reports:export': async ({ runId }) => {
      const record = services.runs.get(runId);
      const summary = await services.datasets.summary(record.result.datasetId).catch(() => null);
      const { html, charts } = buildReportHtml(record, { appVersion: packageJson.version, datasetPath: summary?.path ?? null });
      const target = path.join(services.reportsDir, `${safeFileStem(record.result.datasetName)}-${runId}.html`);
      await writeFileAtomic(target, html);
      return { path: target, bytes: Buffer.byteLength(html), charts };
    },
  };
}
