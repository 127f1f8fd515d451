/**
 * The desktop app's menus, built as a plain template from what the app is doing; Electron only as
 * types. Items that act on the page send a menu command the renderer handles with the same store
 * actions as the header buttons and shortcuts; the rest are Electron roles (copy, zoom, quit).
 *
 * Shortcuts: the page handles Ctrl/Cmd+O, S, Shift+S and Enter itself (web mode has no menu) and
 * marks them handled, so Electron does not run the menu item a second time; the menu shows them and
 * runs them when the page did not take the key. Cancel is Ctrl/Cmd+. (the macOS "stop" key), not Esc:
 * an Esc in a text field or a dialog belongs to that field; the page still cancels on Esc itself.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/ipc/app';
import type { RecentProject } from '../../shared/ipc/projects';

export interface MenuState {
  platform: NodeJS.Platform;
  appName: string;
  /** a packaged app has no developer tools in its menu */
  packaged: boolean;
  /** newest first, from projects:recent */
  recent: RecentProject[];
  /** whether the session holds a run a report can be made of */
  hasRuns: boolean;
  /** whether a training, scoring job or sweep is running */
  jobRunning: boolean;
}

export interface MenuActions {
  command(command: MenuCommand['command'], path?: string): void;
  about(): void;
  clearRecent(): void;
}

/** Recent projects shown in the submenu; the host keeps 12. */
const recentShown = 10;

/** Windows and Linux read `&` in a label as the mnemonic marker (Alt+F opens File); macOS has none. */
const mnemonic = (state: MenuState, label: string) => (state.platform === 'darwin' ? label : `&${label}`);
const literal = (state: MenuState, text: string) => (state.platform === 'darwin' ? text : text.replaceAll('&', '&&'));

function recentMenu(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  if (state.recent.length === 0) return [{ id: 'file.recent.none', label: 'No recent projects', enabled: false }];
  return [
    ...state.recent.slice(0, recentShown).map(
      (project, i): MenuItemConstructorOptions => ({
        id: `file.recent.${i}`,
        label: literal(state, project.available ? project.name : `${project.name} (missing)`),
        sublabel: project.dir,
        toolTip: project.dir,
        enabled: project.available,
        click: () => actions.command('openProject', project.dir),
      }),
    ),
    { type: 'separator' },
    { id: 'file.recent.clear', label: 'Clear recent projects', click: () => actions.clearRecent() },
  ];
}

export function buildMenuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = state.platform === 'darwin';
  const send = (command: MenuCommand['command']) => () => actions.command(command);
  const about: MenuItemConstructorOptions = { id: 'help.about', label: `About ${state.appName}`, click: () => actions.about() };

  const appMenu: MenuItemConstructorOptions = {
    id: 'app',
    label: state.appName,
    submenu: [
      { ...about, id: 'app.about' },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };

  const file: MenuItemConstructorOptions = {
    id: 'file',
    label: mnemonic(state, 'File'),
    submenu: [
      { id: 'file.openDataset', label: 'Open dataset…', accelerator: 'CmdOrCtrl+O', click: send('openDataset') },
      { id: 'file.openProject', label: 'Open project…', accelerator: 'CmdOrCtrl+Shift+O', click: send('openProject') },
      { id: 'file.recent', label: 'Open recent', submenu: recentMenu(state, actions) },
      { type: 'separator' },
      { id: 'file.save', label: 'Save project', accelerator: 'CmdOrCtrl+S', click: send('saveProject') },
      { id: 'file.saveAs', label: 'Save project as…', accelerator: 'CmdOrCtrl+Shift+S', click: send('saveProjectAs') },
      { type: 'separator' },
      { id: 'file.exportReport', label: 'Export report…', accelerator: 'CmdOrCtrl+E', enabled: state.hasRuns, click: send('exportReport') },
      { type: 'separator' },
      mac ? { role: 'close' } : { id: 'file.quit', role: 'quit', label: 'Quit' },
    ],
  };

  const edit: MenuItemConstructorOptions = {
    id: 'edit',
    label: mnemonic(state, 'Edit'),
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };

  const run: MenuItemConstructorOptions = {
    id: 'run',
    label: mnemonic(state, 'Run'),
    submenu: [
      { id: 'run.train', label: 'Train', accelerator: 'CmdOrCtrl+Enter', enabled: !state.jobRunning, click: send('train') },
      { id: 'run.cancel', label: 'Cancel', accelerator: 'CmdOrCtrl+.', enabled: state.jobRunning, click: send('cancel') },
    ],
  };

  const view: MenuItemConstructorOptions = {
    id: 'view',
    label: mnemonic(state, 'View'),
    submenu: [
      { id: 'view.toggleTheme', label: 'Toggle dark theme', click: send('toggleTheme') },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(state.packaged ? [] : [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const]),
    ],
  };

  const help: MenuItemConstructorOptions = { id: 'help', role: 'help', label: mnemonic(state, 'Help'), submenu: [about] };

  return mac ? [appMenu, file, edit, run, view, { role: 'windowMenu' }, help] : [file, edit, run, view, help];
}

/** What Help ▸ About shows. */
export interface AboutFacts {
  appName: string;
  appVersion: string;
  /** process.versions of the main process */
  versions: { electron?: string; chrome?: string; node?: string };
  tfjsVersion: string | null;
  /** the compute process's backend; null until it has started */
  backend: { name: string; detail: string; gpu: boolean } | null;
  platform: string;
}

export function aboutText(facts: AboutFacts): { title: string; message: string; detail: string } {
  const backend = facts.backend
    ? `${facts.backend.name}${facts.backend.gpu ? ' (GPU)' : ''}: ${facts.backend.detail}`
    : 'not started yet (it starts with the first job)';
  return {
    title: `About ${facts.appName}`,
    message: `${facts.appName} ${facts.appVersion}`,
    detail: [
      `Electron ${facts.versions.electron ?? 'unknown'}`,
      `Chromium ${facts.versions.chrome ?? 'unknown'}`,
      `Node.js ${facts.versions.node ?? 'unknown'}`,
      `TensorFlow.js ${facts.tfjsVersion ?? 'unknown'}`,
      `tfjs backend: ${backend}`,
      `Platform: ${facts.platform}`,
    ].join('\n'),
  };
}
