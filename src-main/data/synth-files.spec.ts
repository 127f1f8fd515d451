import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SynthesizeRequest } from '../../shared/ipc/datasets';
import { generateSynthetic, generateSyntheticSteps, signalNames, toCsv, type SynthOptions } from './synth';
import { writeSynthetic, type SynthProgress } from './synth-files';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lens-synth-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const request: SynthesizeRequest = { rows: 30_000, signals: 10, anomalyShare: 0.1, kinds: ['correlation-break', 'mean-shift'], seed: 12, noise: 0.2 };

describe('generateSyntheticSteps', () => {
  it('yields rows generated so far and returns the same data as generating at once', () => {
    const options: SynthOptions = { rows: 1050, signals: ['a', 'b', 'c'], seed: 3 };
    const steps = generateSyntheticSteps(options, 500);
    const yielded: number[] = [];
    let step = steps.next();
    for (; !step.done; step = steps.next()) yielded.push(step.value);
    expect(yielded).toEqual([500, 1000, 1050]);
    expect(step.value).toEqual(generateSynthetic(options));
  });
});

describe('writeSynthetic', () => {
  it('writes the CSV the generator formats, in steps that report rows generated then rows formatted', async () => {
    const steps: SynthProgress[] = [];
    const files = await writeSynthetic(path.join(dir, 'steps.csv'), request, { onProgress: (step) => steps.push(step) });
    const data = generateSynthetic({ ...request, signals: signalNames(10) });
    const csv = await readFile(files.csvPath, 'utf8');
    expect(csv).toBe(toCsv(data, { start: '2024-01-01T00:00:00Z', stepSeconds: 60, decimals: 4, timeColumn: 'time' }));

    const generating = steps.filter((step) => step.stage === 'generating');
    const writing = steps.filter((step) => step.stage === 'writing');
    expect(steps).toEqual([...generating, ...writing]);
    expect(generating.length).toBeGreaterThan(1);
    expect(generating.at(-1)!.rowsDone).toBe(request.rows);
    expect(generating.every((step) => step.csvBytes === 0 && step.etaMs === null)).toBe(true);
    expect(writing.at(-1)).toMatchObject({ rowsDone: request.rows, csvBytes: Buffer.byteLength(csv), etaMs: 0 });
    expect(writing.every((step, i) => i === 0 || (step.rowsDone > writing[i - 1]!.rowsDone && step.csvBytes > writing[i - 1]!.csvBytes))).toBe(true);
  });

  it('stops with CANCELLED between steps and leaves no file behind', async () => {
    let steps = 0;
    const csvPath = path.join(dir, 'cancelled', 'gone.csv');
    await expect(writeSynthetic(csvPath, request, { onProgress: () => steps++, isCancelled: () => steps >= 2 })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(steps).toBe(2);
    expect(existsSync(path.dirname(csvPath)) ? await readdir(path.dirname(csvPath)) : []).toEqual([]);
  });
});
