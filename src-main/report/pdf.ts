import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import { writeFileAtomic } from '../project/atomic-write';

/** Where a user points us at a browser of their choice. */
export const chromiumEnvVar = 'ANOMALY_LENS_CHROMIUM';
const chromiumNames = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to print with: the env var's, else the first of the usual names on PATH; null when none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const chosen = env[chromiumEnvVar];
  if (chosen) return isExecutable(chosen) ? chosen : null;
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of chromiumNames) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

export const chromiumMissing = `PDF export needs Chromium or Chrome: install it, or set ${chromiumEnvVar} to its executable`;

/**
 * Prints a report to PDF with headless Chromium (CLI and web mode; Electron prints with its own
 * printToPDF). The report has no external references, so nothing is fetched. A throwaway profile
 * keeps it from touching, or waiting on, the user's browser profile.
 */
export async function printPdfWithChromium(htmlFile: string, pdfFile: string, chromium = findChromium()): Promise<void> {
  if (!chromium) throw new AppError(errorCodes.notSupported, chromiumMissing);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'lens-pdf-'));
  const printed = path.join(scratch, 'report.pdf');
  try {
    await promisify(execFile)(
      chromium,
      [
        '--headless',
        '--disable-gpu',
        '--no-sandbox',
        '--no-first-run',
        '--disable-extensions',
        `--user-data-dir=${path.join(scratch, 'profile')}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${printed}`,
        pathToFileURL(htmlFile).href,
      ],
      { timeout: 120_000 },
    );
    const pdf = await readFile(printed).catch(() => null);
    if (!pdf || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw new AppError(errorCodes.internal, `Chromium (${chromium}) did not write a PDF of ${htmlFile}`);
    }
    await writeFileAtomic(pdfFile, pdf);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
