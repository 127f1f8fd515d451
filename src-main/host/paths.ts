import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The assets folder: beside the app in a checkout (dist/main/../../assets), in resources when packaged. */
export function assetsDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const resources = (process as unknown as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    path.resolve(here, '../../assets'),
    path.resolve(here, '../assets'),
    ...(resources ? [path.join(resources, 'assets')] : []),
    path.resolve(process.cwd(), 'assets'),
  ];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'sample'))) ?? candidates[0]!;
}

export function rendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../renderer'), path.resolve(here, '../../dist/renderer'), path.resolve(process.cwd(), 'dist/renderer')];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'index.html'))) ?? candidates[0]!;
}

export const sampleFileName = 'pump-station.csv';
export function samplePath(): string {
  return path.join(assetsDir(), 'sample', sampleFileName);
}
