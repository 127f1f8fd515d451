import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isDatasetName } from '../../shared/ipc/app';
import { handedOverPath, pathToOpen } from './open-path';

describe('pathToOpen', () => {
  const cwd = '/home/ana/plant';

  it('finds the file of a packaged launch, relative to the working folder', () => {
    expect(pathToOpen(['/opt/Anomaly Lens/anomaly-lens', 'data/pumps.csv'], cwd, { defaultApp: false })).toBe('/home/ana/plant/data/pumps.csv');
    expect(pathToOpen(['/opt/Anomaly Lens/anomaly-lens', '/srv/x.anomalylens'], cwd, { defaultApp: false })).toBe('/srv/x.anomalylens');
  });

  it('skips the app path when Electron runs the app from a path, and every switch', () => {
    const argv = ['/usr/lib/electron', '--inspect=0', '--remote-debugging-port=0', 'dist/main/electron-main.cjs', '--no-sandbox', 'pumps.csv'];
    expect(pathToOpen(argv, cwd, { defaultApp: true })).toBe('/home/ana/plant/pumps.csv');
    expect(pathToOpen(['/usr/lib/electron', 'dist/main/electron-main.cjs'], cwd, { defaultApp: true })).toBeNull();
    expect(pathToOpen(['/usr/lib/electron', '-r', 'loader.js', 'app.cjs', 'a.csv'], cwd, { defaultApp: true })).toBe('/home/ana/plant/a.csv');
    // --backend's value is a choice, not a file to open
    expect(pathToOpen(['/opt/Anomaly Lens/anomaly-lens', '--backend', 'wasm', 'pumps.csv'], cwd, { defaultApp: false })).toBe('/home/ana/plant/pumps.csv');
    expect(pathToOpen(['/opt/Anomaly Lens/anomaly-lens', '--backend', 'wasm'], cwd, { defaultApp: false })).toBeNull();
    // macOS Finder's process serial number
    expect(pathToOpen(['/Applications/Anomaly Lens.app/Contents/MacOS/Anomaly Lens', '-psn_0_12345'], cwd, { defaultApp: false })).toBeNull();
  });

  it('reads file:// URLs (Linux file managers) and takes names that start with - after --', () => {
    const url = pathToFileURL('/data/my pumps.csv').href;
    expect(pathToOpen(['/opt/app/anomaly-lens', url], cwd, { defaultApp: false })).toBe('/data/my pumps.csv');
    expect(pathToOpen(['/opt/app/anomaly-lens', '--', '-odd.csv'], cwd, { defaultApp: false })).toBe('/home/ana/plant/-odd.csv');
    expect(pathToOpen(['/opt/app/anomaly-lens', '', '  '], cwd, { defaultApp: false })).toBeNull();
    expect(pathToOpen([], cwd, { defaultApp: false })).toBeNull();
  });

  it('resolves Windows paths with Windows rules', () => {
    const argv = ['C:\\Program Files\\Anomaly Lens\\Anomaly Lens.exe', '--allow-file-access-from-files', 'data\\pumps.csv'];
    expect(pathToOpen(argv, 'C:\\Users\\ana', { defaultApp: false }, path.win32)).toBe('C:\\Users\\ana\\data\\pumps.csv');
  });
});

describe('handedOverPath', () => {
  it("takes the second launch's own answer, else reads its argv", () => {
    expect(handedOverPath({ path: '/data/a.csv' }, ['app', 'b.csv'], '/x', { defaultApp: false })).toBe('/data/a.csv');
    expect(handedOverPath({ path: null }, ['app', 'b.csv'], '/x', { defaultApp: false })).toBeNull();
    expect(handedOverPath(undefined, ['app', '--flag', 'b.csv'], '/x', { defaultApp: false })).toBe('/x/b.csv');
    expect(handedOverPath({ path: 42 }, ['app', 'b.csv'], '/x', { defaultApp: false })).toBe('/x/b.csv');
  });
});

describe('isDatasetName', () => {
  it('knows the formats the import reads, in any case, gzip included', () => {
    for (const name of ['a.csv', 'B.TSV', 'c.txt', 'd.parquet', 'e.csv.gz', 'f.Tsv.Gz']) expect(isDatasetName(name), name).toBe(true);
    for (const name of ['a.json', 'b.xlsx', 'csv', 'c.gz', 'project.json']) expect(isDatasetName(name), name).toBe(false);
  });
});
