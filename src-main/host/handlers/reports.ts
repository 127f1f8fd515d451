import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import packageJson from '../../../package.json';
import type { ReportSection } from '../../../shared/ipc/reports';
import { csvToParquet, writeFeatureErrorsCsv, writeScoresCsv, writeViaTemp } from '../../cli/output-files';
import { writeFileAtomic } from '../../project/atomic-write';
import { buildReportHtml } from '../../report/html';
import { printPdfWithChromium } from '../../report/pdf';
import { AppError } from '../../../shared/errors';
import { errorCodes } from '../../../shared/ipc/contract';
import type { Handlers } from '../router';
import type { HostServices } from '../services';

type ReportChannels = 'reports:export' | 'reports:preview' | 'reports:exportPdf' | 'reports:exportData';

function safeFileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'dataset';
}

export function reportsHandlers(services: HostServices): Pick<Handlers, ReportChannels> {
  const fileFor = (runId: string, suffix: string) => {
    const record = services.runs.get(runId);
    return path.join(services.reportsDir, `${safeFileStem(record.result.datasetName)}-${runId}${suffix}`);
  };
  const report = async (runId: string, sections: ReportSection[] | undefined) => {
    const record = services.runs.get(runId);
    const summary = await services.datasets.summary(record.result.datasetId).catch(() => null);
    return buildReportHtml(record, { appVersion: packageJson.version, datasetPath: summary?.path ?? null, columns: summary?.columns ?? null, sections });
  };
  const writeReport = async (runId: string, sections: ReportSection[] | undefined) => {
    const { html, charts } = await report(runId, sections);
    const target = fileFor(runId, '.html');
    await writeFileAtomic(target, html);
    return { path: target, bytes: Buffer.byteLength(html), charts };
  };

  return {
    'reports:export': ({ runId, sections }) => writeReport(runId, sections),
    'reports:preview': ({ runId, sections }) => report(runId, sections),
    'reports:exportPdf': async ({ runId, sections }) => {
      // the PDF is printed from the HTML file written beside it, so both exports show the same report
      const html = await writeReport(runId, sections);
      const target = fileFor(runId, '.pdf');
      await (services.options.printPdf ?? printPdfWithChromium)(html.path, target);
      return { path: target, bytes: (await stat(target)).size };
    },
    'reports:exportData': async ({ runId, what, format, path: chosen }) => {
      const record = services.runs.get(runId);
      if (what === 'errors' && !record.errors) {
        throw new AppError(errorCodes.badRequest, `a ${record.result.model.family} model gives a score per row but no error per signal: export its scores instead`);
      }
      const target = chosen ?? fileFor(runId, `-${what === 'scores' ? 'scores' : 'feature-errors'}.${format}`);
      // rows are the scored rows in order; the host keeps no times beside them
      const writeCsv = (file: string) => (what === 'scores' ? writeScoresCsv(file, record, null, null) : writeFeatureErrorsCsv(file, record, null).then(() => undefined));
      await writeViaTemp(target, async (temp) => {
        if (format === 'csv') return writeCsv(temp);
        // Parquet is made from the CSV, so both exports hold the same values
        const csv = `${temp}.csv`;
        try {
          await writeCsv(csv);
          await csvToParquet(csv, temp);
        } finally {
          await rm(csv, { force: true });
        }
      });
      return { path: target, bytes: (await stat(target)).size, rows: record.result.nRows };
    },
  };
}
