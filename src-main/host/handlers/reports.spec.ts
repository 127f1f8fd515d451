import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../../shared/ipc';
import { reportSectionIds } from '../../../shared/ipc/reports';
import { forkTransport } from '../../jobs/transport';
import { findChromium } from '../../report/pdf';
import { createHostServices, type HostServices } from '../services';
import { testRunRecord } from '../test-runs';
import { reportsHandlers } from './reports';

let workspace: string;
let services: HostServices;

// 12 rows, two signals, labelled rows 5-6: enough for every section, alarm events and the curves
const scores = [0.1, 0.2, 0.15, 0.1, 0.3, 2.5, 3.1, 0.2, 0.1, 0.25, 0.12, 0.18];
const labels = scores.map((_, i) => (i === 5 || i === 6 ? 1 : 0));
const errors = scores.flatMap((score, i) => [score * 0.75, score * 0.25 + i / 1000]);

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'lens-reports-'));
  services = await createHostServices({ mode: 'web', workspaceDir: workspace, spawnCompute: () => forkTransport(), log: () => undefined });
  services.runs.add(testRunRecord({ scores, labels, signals: ['pump', 'valve'], raw: scores.flatMap((score) => [score, 1 - score]), errors, fitScores: [0.1, 0.2, 0.3] }));
});
afterAll(async () => {
  await services.close();
  await rm(workspace, { recursive: true, force: true });
});

async function call<C extends 'reports:export' | 'reports:preview' | 'reports:exportPdf' | 'reports:exportData'>(
  name: C,
  request: unknown,
  handlers = reportsHandlers(services),
) {
  const parsed = channels[name].request.parse(request);
  return channels[name].response.parse(await handlers[name](parsed as never)) as Awaited<ReturnType<(typeof handlers)[C]>>;
}

async function duckRows(sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRows();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('reports:export and reports:preview', () => {
  it('writes every section by default and only the chosen ones when asked', async () => {
    const full = await call('reports:export', { runId: 'r1' });
    const html = await readFile(full.path, 'utf8');
    for (const id of reportSectionIds) expect(html, id).toContain(`<section id="${id}">`);
    expect(full.charts).toBeGreaterThanOrEqual(6);

    const preview = await call('reports:preview', { runId: 'r1', sections: ['metrics', 'dataset'] });
    expect([...preview.html.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1])).toEqual(['dataset', 'metrics']);
    expect(preview.charts).toBe(1);
  });

  it('refuses an unknown section and an unknown run', async () => {
    expect(() => channels['reports:preview'].request.parse({ runId: 'r1', sections: ['appendix'] })).toThrow();
    await expect(call('reports:export', { runId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('reports:exportPdf', () => {
  it('prints the HTML it writes with the host-given printer (Electron printToPDF)', async () => {
    const printed: string[] = [];
    const handlers = reportsHandlers({
      ...services,
      options: {
        ...services.options,
        printPdf: async (html, pdf) => {
          printed.push(html, pdf, await readFile(html, 'utf8'));
          await writeFile(pdf, '%PDF-1.4 stand-in');
        },
      },
    });
    const pdf = await call('reports:exportPdf', { runId: 'r1', sections: ['dataset'] }, handlers);
    expect(pdf).toEqual({ path: printed[1], bytes: 17 });
    expect(printed[0]).toMatch(/plant\.csv-r1\.html$/);
    expect(printed[1]).toMatch(/plant\.csv-r1\.pdf$/);
    expect(printed[2]).toContain('<section id="dataset">');
  });

  it.skipIf(!findChromium())('prints with headless Chromium in web mode', async () => {
    const pdf = await call('reports:exportPdf', { runId: 'r1' });
    const bytes = await readFile(pdf.path);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.bytes).toBe(bytes.length);
    expect(bytes.toString('latin1')).toMatch(/\/Type\s*\/Page\b/);
  });
});

describe('reports:exportData', () => {
  it('writes scores and per-signal errors as CSV and Parquet holding the same values', async () => {
    for (const what of ['scores', 'errors'] as const) {
      const csv = await call('reports:exportData', { runId: 'r1', what, format: 'csv' });
      const parquet = await call('reports:exportData', { runId: 'r1', what, format: 'parquet', path: path.join(workspace, 'out', `${what}.parquet`) });
      expect(csv.rows).toBe(12);
      expect(parquet.path).toBe(path.join(workspace, 'out', `${what}.parquet`));
      expect((await readFile(parquet.path)).subarray(0, 4).toString('latin1')).toBe('PAR1');
      const fromCsv = await duckRows(`SELECT * FROM read_csv('${csv.path}', header = true) ORDER BY row`);
      const fromParquet = await duckRows(`SELECT * FROM read_parquet('${parquet.path}') ORDER BY row`);
      expect(fromParquet).toEqual(fromCsv);
      expect(fromParquet).toHaveLength(12);
    }
    const scoreRows = await duckRows(`SELECT row, score, alarm, label FROM read_parquet('${path.join(workspace, 'out', 'scores.parquet')}') ORDER BY row`);
    expect(scoreRows.map((row) => row[1])).toEqual(scores.map((score) => Number(Math.fround(score).toPrecision(9))));
    expect(scoreRows.map((row) => Number(row[3]))).toEqual(labels);
    const errorRows = await duckRows(`SELECT pump, valve FROM read_parquet('${path.join(workspace, 'out', 'errors.parquet')}') ORDER BY row`);
    expect(errorRows[6]).toEqual([Number(Math.fround(errors[12]!).toPrecision(9)), Number(Math.fround(errors[13]!).toPrecision(9))]);
    // written through temp files: nothing but the exports is left beside them
    expect((await readdir(path.join(workspace, 'out'))).sort()).toEqual(['errors.parquet', 'scores.parquet']);
  });

  it('says why a model without per-signal errors has none to export, and refuses a relative path', async () => {
    const trees = testRunRecord({ scores, labels, preset: 'iforest' });
    services.runs.add({ ...trees, result: { ...trees.result, runId: 'trees' } });
    await expect(call('reports:exportData', { runId: 'trees', what: 'errors', format: 'csv' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(() => channels['reports:exportData'].request.parse({ runId: 'r1', what: 'scores', format: 'csv', path: 'out/scores.csv' })).toThrow(/absolute/);
  });
});
