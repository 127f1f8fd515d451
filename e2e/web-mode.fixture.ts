import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page, type WebSocket } from '@playwright/test';
import { decodeFrame } from '../shared/ipc/wire';

export interface WebMode {
  /** the URL the server printed, with its token */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
}

const urlPattern = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=([A-Za-z0-9_-]+)/;

/** Starts `node dist/main/web.cjs` on a free port with its own data folder; stops it after. */
async function startWebMode(): Promise<{ web: WebMode; child: ChildProcess }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lens-e2e-'));
  const child = spawn(process.execPath, ['dist/main/web.cjs', '--port', '0', '--data-dir', dataDir], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const web = await new Promise<WebMode>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = urlPattern.exec(output);
      if (match) resolve({ url: match[0], origin: match[1], token: match[2], dataDir });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`web mode exited (${code}) before printing its URL:\n${output}`)));
    child.once('error', reject);
  });
  return { web, child };
}

/**
 * Each test gets a host of its own: the host keeps what a test leaves behind (an open project, runs,
 * the chosen backend), which would change what the next test's page starts with.
 */
export const test = base.extend<{ frames: FrameSpy; web: WebMode }>({
  web: async ({}, use) => {
    const { web, child } = await startWebMode();
    await use(web);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(web.dataDir, { recursive: true, force: true });
  },
  frames: async ({ page }, use) => {
    await use(new FrameSpy(page));
  },
});
export { expect };

interface Frame {
  direction: 'sent' | 'received';
  data: Record<string, any>;
}

/**
 * Watches the page's WebSocket frames so a test can wait on domain events (training:done) and on
 * answers to particular channels (results:heatmap) instead of sleeping.
 */
export class FrameSpy {
  private readonly frames: Frame[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly channelById = new Map<number, string>();

  constructor(page: Page) {
    page.on('websocket', (ws: WebSocket) => {
      ws.on('framesent', (frame) => this.add('sent', frame.payload));
      ws.on('framereceived', (frame) => this.add('received', frame.payload));
    });
  }

  private add(direction: Frame['direction'], payload: string | Buffer): void {
    // the app's frames are binary MessagePack; a text frame is not one of ours
    if (typeof payload === 'string') return;
    let data: Record<string, any>;
    try {
      data = decodeFrame(payload) as Record<string, any>;
    } catch {
      return;
    }
    if (direction === 'sent' && data.type === 'invoke') this.channelById.set(data.id, data.channel);
    this.frames.push({ direction, data });
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves with the first frame (old or new) that matches; rejects after `timeoutMs`. */
  waitFor(description: string, match: (frame: Frame) => boolean, timeoutMs = 120_000): Promise<Record<string, any>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(match);
        if (!found) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found.data);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${description}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  event(name: string, timeoutMs?: number): Promise<Record<string, any>> {
    return this.waitFor(`event ${name}`, (f) => f.direction === 'received' && f.data.type === 'event' && f.data.event === name, timeoutMs).then((d) => d.payload);
  }

  /** The first result of `channel` (ok or not) that `accept` takes; by default the first one. */
  result(channel: string, accept: (result: any) => boolean = () => true, timeoutMs?: number): Promise<{ ok: boolean; value?: any; error?: any }> {
    return this.waitFor(
      `a result of ${channel}`,
      (f) => f.direction === 'received' && f.data.type === 'result' && this.channelById.get(f.data.id) === channel && accept(f.data.result),
      timeoutMs,
    ).then((d) => d.result);
  }

  all(filter: (data: Record<string, any>) => boolean): Array<Record<string, any>> {
    return this.frames.filter((f) => f.direction === 'received' && filter(f.data)).map((f) => f.data);
  }
}

export const chromiumOptions = {
  headless: true,
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export const screenshotPath = (view: string) => path.join('test-results', 'screenshots', `${view}.png`);

/** A report preview's sandbox refusing a script: it does so when Playwright itself probes that frame (the report has none). */
const sandboxRefusal = /^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/;

/** Opens the sample and trains seed-hpc for a few epochs: a labelled run in seconds. Resolves once training is done. */
export async function trainSampleRun(page: Page, frames: FrameSpy, epochs = 3): Promise<void> {
  await page.getByTestId('open-sample').click();
  await expect(page.getByTestId('to-model')).toBeEnabled();
  await page.getByTestId('to-model').click();
  await page.getByTestId('preset-seed-hpc').click();
  await page.getByTestId('field-epochs').fill(String(epochs));
  const done = frames.event('training:done', 240_000);
  await page.getByTestId('train-button').click();
  await done;
}

/** The page's uncaught errors and console errors (CSP violations and failed loads show up there), filled as they come. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && !sandboxRefusal.test(message.text()) && errors.push(message.text()));
  return errors;
}
