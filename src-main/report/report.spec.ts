import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSectionIds, reportSectionTitles } from '../../shared/ipc/reports';
import { findChromium } from './pdf';

const datasets = path.resolve('../shared/datasets');
const cli = path.resolve('dist/main/cli.cjs');
const chromium = findChromium();
let out: string;
let analyzed: ReturnType<typeof spawnSync>;

/** Every attribute or CSS value that would make a browser fetch something; fragment and data: URLs stay inside the file. */
function externalReferences(html: string): string[] {
  const attributes = [...html.matchAll(/\s(?:src|href|xlink:href|action|poster|srcset)\s*=\s*["']?([^"'\s>]*)/gi)].map((m) => m[1]!);
  const cssUrls = [...html.matchAll(/url\(\s*["']?([^"')]*)/gi)].map((m) => m[1]!);
  const local = (target: string) => target.startsWith('#') || target.startsWith('data:');
  return [...attributes, ...cssUrls].filter((target) => !local(target)).concat(/@import|<script|<link\b|<iframe/i.test(html) ? ['import, script, link or frame'] : []);
}

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'lens-report-'));
  const args = ['analyze', '--train', path.join(datasets, 'smd-machine-1-7-train.csv'), '--test', path.join(datasets, 'smd-machine-1-7-test.csv')];
  analyzed = spawnSync(process.execPath, [cli, ...args, '--label', 'label', '--preset', 'pca', '--out', out, ...(chromium ? ['--pdf'] : [])], {
    encoding: 'utf8',
    timeout: 300_000,
  });
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('the report of a real run (SMD machine-1-7, PCA)', () => {
  it('has every section, in order, with its heading and charts', async () => {
    expect(analyzed.status, String(analyzed.stderr)).toBe(0);
    const html = await readFile(path.join(out, 'report.html'), 'utf8');
    const found = [...html.matchAll(/<section id="([^"]+)">\n<h2>([^<]+)<\/h2>/g)].map((m) => [m[1], m[2]]);
    expect(found).toEqual(reportSectionIds.map((id) => [id, reportSectionTitles[id]]));
    const section = (id: string) => html.slice(html.indexOf(`<section id="${id}">`), html.indexOf('</section>', html.indexOf(`<section id="${id}">`)));
    // the profile lists all 38 signal columns and the label
    expect(section('profile').match(/<td>signal<\/td>/g)).toHaveLength(38);
    expect(section('profile')).toContain('<td>label</td>');
    expect(section('training')).toMatch(/tfjs backend|backend<\/th><td>\w+/);
    expect(section('metrics')).toContain('ROC-AUC');
    expect(section('roc-pr').match(/<svg/g)).toHaveLength(2);
    expect(section('events')).toMatch(/<td>1<\/td><td>\d+<\/td>/);
    expect(section('heatmap').match(/<svg/g)!.length).toBeGreaterThanOrEqual(1);
    expect(section('top-signals').match(/<svg/g)).toHaveLength(1);
    for (const id of ['training', 'anomaly-signal', 'metrics']) expect(section(id), id).toContain('<svg');
  });

  it('opens offline: nothing in it refers outside the file', async () => {
    const html = await readFile(path.join(out, 'report.html'), 'utf8');
    expect(externalReferences(html)).toEqual([]);
    expect(html).toContain(`content="default-src 'none'`);
    // the check itself catches what it must
    expect(externalReferences('<img src="https://x/y.png"><a href="//cdn/z">')).toEqual(['https://x/y.png', '//cdn/z']);
  });

  it.skipIf(!chromium)('comes as PDF too with --pdf, printed by headless Chromium', async () => {
    const pdf = await readFile(path.join(out, 'report.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(3);
  });
});
