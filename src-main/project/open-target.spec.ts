import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyOpenPath } from './open-target';

describe('classifyOpenPath', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'lens-open-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const folder = (name: string, files: Record<string, string> = {}) => {
    const dir = path.join(root, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
    return dir;
  };

  it('opens a folder holding project.json, a *.anomalylens folder or a project.json as the project', async () => {
    const plain = folder('plain-project', { 'project.json': '{}' });
    expect(await classifyOpenPath(plain)).toEqual({ kind: 'project', path: plain, message: null });
    const named = folder('pumps.anomalylens');
    expect(await classifyOpenPath(named)).toEqual({ kind: 'project', path: named, message: null });
    expect(await classifyOpenPath(path.join(plain, 'project.json'))).toEqual({ kind: 'project', path: plain, message: null });
  });

  it('opens a table file as a dataset, resolving a relative path', async () => {
    const dir = folder('tables', { 'pumps.csv': 'a\n1\n', 'pumps.parquet': 'PAR1' });
    expect(await classifyOpenPath(path.join(dir, 'pumps.csv'))).toEqual({ kind: 'dataset', path: path.join(dir, 'pumps.csv'), message: null });
    const relative = path.relative(process.cwd(), path.join(dir, 'pumps.parquet'));
    expect(await classifyOpenPath(relative)).toEqual({ kind: 'dataset', path: path.join(dir, 'pumps.parquet'), message: null });
  });

  it('says why anything else cannot be opened', async () => {
    const dir = folder('other', { 'notes.docx': 'x' });
    const missing = await classifyOpenPath(path.join(root, 'gone.csv'));
    expect(missing).toMatchObject({ kind: 'unsupported', message: expect.stringContaining('does not exist') });
    expect(await classifyOpenPath(dir)).toMatchObject({ kind: 'unsupported', message: expect.stringContaining('folder without project.json') });
    expect(await classifyOpenPath(path.join(dir, 'notes.docx'))).toMatchObject({
      kind: 'unsupported',
      message: expect.stringMatching(/opens CSV, TSV, text \(\.txt\) and Parquet files and project folders; notes\.docx/),
    });
  });
});
