/**
 * Paths the OS hands the app: which argument of a launch names a file or folder. What that path
 * opens is src-main/project/open-target.ts (the host's app:classifyPath uses it too). No Electron import.
 */
import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';

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
