/**
 * Paths the OS hands the app: which argument of a launch names a file or folder, and what that path
 * opens. No Electron import: the host's app:classifyPath (dropped folders, web mode too) uses it as well.
 */
import { stat } from 'node:fs/promises';
import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDatasetName, projectFolderSuffix, type OpenTarget } from '../../shared/ipc/app';
import { projectFileName } from '../project/project-file';

/** Switches that take their value as the next argument (Node's, as Electron passes them through, and our --backend). */
const switchesWithValue = new Set(['-r', '--require', '--backend']);

/**
 * The file or folder a launch asks to open, resolved against the launch's working folder; null when
 * there is none. Skips the executable, Electron and Chromium switches (`--inspect=0`, `--no-sandbox`,
 * macOS's `-psn_…`) and, when Electron runs an app from a path (`electron dist/main/electron-main.cjs
 * data.csv`: `process.defaultApp`), that app path. Linux file managers pass `file://` URLs (%U).
 */
export function pathToOpen(
  argv: readonly string[],
  cwd: string,
  options: { defaultApp: boolean },
  path: Pick<typeof nodePath, 'resolve'> = nodePath,
): string | null {
  let appPathToSkip = options.defaultApp;
  let switchesOver = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!switchesOver) {
      if (arg === '--') {
        switchesOver = true;
        continue;
      }
      if (switchesWithValue.has(arg)) {
        i++;
        continue;
      }
      if (arg.startsWith('-')) continue;
    }
    if (arg.trim() === '') continue;
    if (appPathToSkip) {
      appPathToSkip = false;
      continue;
    }
    if (arg.startsWith('file://')) {
      try {
        return fileURLToPath(arg);
      } catch {
        continue;
      }
    }
    return path.resolve(cwd, arg);
  }
  return null;
}

/**
 * The path a second launch hands over: the one it worked out itself and sent as the lock's
 * additionalData (Chromium may reorder and add to the argv the first instance receives), else its argv.
 */
export function handedOverPath(additionalData: unknown, argv: readonly string[], cwd: string, options: { defaultApp: boolean }): string | null {
  const data = additionalData as { path?: unknown } | null;
  if (data && typeof data === 'object' && 'path' in data && (typeof data.path === 'string' || data.path === null)) return data.path;
  return pathToOpen(argv, cwd, options);
}

const isFile = (file: string) => stat(file).then((info) => info.isFile(), () => false);
const unsupported = (path: string, message: string): OpenTarget => ({ kind: 'unsupported', path, message });

/**
 * What a path opens: a folder holding project.json, a folder named `*.anomalylens` or a project.json
 * itself is a project (its folder); a CSV, TSV, text or Parquet file is a dataset for the Data step.
 */
export async function classifyOpenPath(input: string): Promise<OpenTarget> {
  const file = nodePath.resolve(input);
  const name = nodePath.basename(file);
  const info = await stat(file).catch(() => null);
  if (!info) return unsupported(file, `${file} does not exist: it was moved or deleted.`);
  if (info.isDirectory()) {
    if (name.toLowerCase().endsWith(projectFolderSuffix) || (await isFile(nodePath.join(file, projectFileName)))) {
      return { kind: 'project', path: file, message: null };
    }
    return unsupported(file, `${name} is a folder without ${projectFileName}: open a project folder, or a CSV, TSV or Parquet file.`);
  }
  if (!info.isFile()) return unsupported(file, `${file} is not a regular file: open a CSV, TSV or Parquet file, or a project folder.`);
  if (name === projectFileName) return { kind: 'project', path: nodePath.dirname(file), message: null };
  if (isDatasetName(name)) return { kind: 'dataset', path: file, message: null };
  return unsupported(file, `Anomaly Lens opens CSV, TSV, text (.txt) and Parquet files and project folders; ${name} is none of these.`);
}
