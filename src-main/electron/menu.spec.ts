import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { aboutText, buildMenuTemplate, type MenuState } from './menu';

const state = (overrides: Partial<MenuState> = {}): MenuState => ({
  platform: 'linux',
  appName: 'Anomaly Lens',
  packaged: true,
  recent: [
    { dir: '/work/pump-station-7.anomalylens', name: 'pump-station-7', savedAt: '2026-01-02T00:00:00Z', available: true },
    { dir: '/gone/R&D', name: 'R&D', savedAt: '2026-01-01T00:00:00Z', available: false },
  ],
  hasRuns: true,
  jobRunning: false,
  ...overrides,
});

function build(overrides: Partial<MenuState> = {}) {
  const actions = { command: vi.fn(), about: vi.fn(), clearRecent: vi.fn() };
  return { template: buildMenuTemplate(state(overrides), actions), actions };
}

const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const top = (template: MenuItemConstructorOptions[], id: string) => template.find((item) => item.id === id);
const item = (template: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions => {
  const search = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions | undefined =>
    items.map((entry) => (entry.id === id ? entry : search(submenu(entry)))).find(Boolean);
  const found = search(template);
  if (!found) throw new Error(`no menu item ${id}`);
  return found;
};
const click = (entry: MenuItemConstructorOptions) => (entry.click as () => void)();
const roles = (entries: MenuItemConstructorOptions[]) => entries.filter((entry) => entry.role).map((entry) => entry.role);

describe('the menu template', () => {
  it('on Linux and Windows: File, Edit, Run, View, Help with mnemonics, and Quit in File', () => {
    const { template } = build();
    expect(template.map((entry) => entry.label)).toEqual(['&File', '&Edit', '&Run', '&View', '&Help']);
    const file = submenu(top(template, 'file'));
    expect(file.filter((entry) => entry.type !== 'separator').map((entry) => entry.label)).toEqual([
      'Open dataset…',
      'Open project…',
      'Open recent',
      'Save project',
      'Save project as…',
      'Export report…',
      'Quit',
    ]);
    expect(item(template, 'file.quit').role).toBe('quit');
  });

  it('on macOS: the app menu first, the Window menu, Close in File and no mnemonics', () => {
    const { template, actions } = build({ platform: 'darwin' });
    expect(template.map((entry) => entry.label ?? entry.role)).toEqual(['Anomaly Lens', 'File', 'Edit', 'Run', 'View', 'windowMenu', 'Help']);
    const appMenu = submenu(template[0]);
    expect(appMenu[0]!.label).toBe('About Anomaly Lens');
    expect(roles(appMenu)).toEqual(['services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(roles(submenu(top(template, 'file')))).toEqual(['close']);
    expect(roles(submenu(top(template, 'edit')))).toContain('pasteAndMatchStyle');
    click(appMenu[0]!);
    expect(actions.about).toHaveBeenCalledOnce();
    // a name with & shows as it is
    expect(item(template, 'file.recent.1').label).toBe('R&D (missing)');
  });

  it('gives the documented accelerators, Cancel on Ctrl/Cmd+. so Esc stays with text fields', () => {
    const { template } = build();
    const accelerators = Object.fromEntries(
      ['file.openDataset', 'file.openProject', 'file.save', 'file.saveAs', 'file.exportReport', 'run.train', 'run.cancel'].map((id) => [id, item(template, id).accelerator]),
    );
    expect(accelerators).toEqual({
      'file.openDataset': 'CmdOrCtrl+O',
      'file.openProject': 'CmdOrCtrl+Shift+O',
      'file.save': 'CmdOrCtrl+S',
      'file.saveAs': 'CmdOrCtrl+Shift+S',
      'file.exportReport': 'CmdOrCtrl+E',
      'run.train': 'CmdOrCtrl+Enter',
      'run.cancel': 'CmdOrCtrl+.',
    });
    const all = JSON.stringify(template);
    expect(all).not.toMatch(/"accelerator":"(Esc|Escape)"/);
  });

  it('sends one command per item to the page', () => {
    const { template, actions } = build();
    const sent = (id: string) => {
      actions.command.mockClear();
      click(item(template, id));
      return actions.command.mock.calls;
    };
    expect(sent('file.openDataset')).toEqual([['openDataset']]);
    expect(sent('file.openProject')).toEqual([['openProject']]);
    expect(sent('file.save')).toEqual([['saveProject']]);
    expect(sent('file.saveAs')).toEqual([['saveProjectAs']]);
    expect(sent('file.exportReport')).toEqual([['exportReport']]);
    expect(sent('run.train')).toEqual([['train']]);
    expect(sent('run.cancel')).toEqual([['cancel']]);
    expect(sent('view.toggleTheme')).toEqual([['toggleTheme']]);
    expect(sent('help.about')).toEqual([]);
    expect(actions.about).toHaveBeenCalledOnce();
  });

  it('lists recent projects, a missing one greyed out, and clears the list', () => {
    const { template, actions } = build();
    const recent = submenu(item(template, 'file.recent'));
    expect(recent.map((entry) => entry.label ?? entry.type)).toEqual(['pump-station-7', 'R&&D (missing)', 'separator', 'Clear recent projects']);
    expect(recent.map((entry) => entry.enabled)).toEqual([true, false, undefined, undefined]);
    expect(recent[0]!.sublabel).toBe('/work/pump-station-7.anomalylens');
    click(recent[0]!);
    expect(actions.command).toHaveBeenCalledWith('openProject', '/work/pump-station-7.anomalylens');
    click(recent[3]!);
    expect(actions.clearRecent).toHaveBeenCalledOnce();

    const empty = submenu(item(build({ recent: [] }).template, 'file.recent'));
    expect(empty).toEqual([{ id: 'file.recent.none', label: 'No recent projects', enabled: false }]);
  });

  it('enables Train, Cancel and Export report by what the app is doing', () => {
    const idle = build({ hasRuns: false }).template;
    expect([item(idle, 'run.train').enabled, item(idle, 'run.cancel').enabled, item(idle, 'file.exportReport').enabled]).toEqual([true, false, false]);
    const busy = build({ jobRunning: true }).template;
    expect([item(busy, 'run.train').enabled, item(busy, 'run.cancel').enabled, item(busy, 'file.exportReport').enabled]).toEqual([false, true, true]);
  });

  it('uses roles for editing and zoom, and shows developer tools only when not packaged', () => {
    const { template } = build();
    expect(roles(submenu(top(template, 'edit')))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']);
    expect(roles(submenu(top(template, 'view')))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    const dev = build({ packaged: false }).template;
    expect(roles(submenu(top(dev, 'view')))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'reload', 'toggleDevTools']);
  });

  it('gives every clickable item a unique id (the e2e test finds items by id)', () => {
    const ids: string[] = [];
    const collect = (items: MenuItemConstructorOptions[]) =>
      items.forEach((entry) => {
        if (entry.id) ids.push(entry.id);
        if (entry.click) expect(entry.id, entry.label).toBeTruthy();
        collect(submenu(entry));
      });
    collect(build({ platform: 'darwin' }).template);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the About text', () => {
  it('names the app, Electron, Chromium, Node, tfjs and the backend with its detail', () => {
    const text = aboutText({
      appName: 'Anomaly Lens',
      appVersion: '0.1.0',
      versions: { electron: '41.7.1', chrome: '146.0.1', node: '24.1.0' },
      tfjsVersion: '4.22.0',
      backend: { name: 'tensorflow', detail: 'skipped tfjs-node-gpu: no CUDA', gpu: false },
      platform: 'linux x64',
    });
    expect(text.title).toBe('About Anomaly Lens');
    expect(text.message).toBe('Anomaly Lens 0.1.0');
    expect(text.detail.split('\n')).toEqual([
      'Electron 41.7.1',
      'Chromium 146.0.1',
      'Node.js 24.1.0',
      'TensorFlow.js 4.22.0',
      'tfjs backend: tensorflow: skipped tfjs-node-gpu: no CUDA',
      'Platform: linux x64',
    ]);
  });

  it('says when the compute process has not chosen a backend yet', () => {
    const text = aboutText({ appName: 'A', appVersion: '1', versions: {}, tfjsVersion: null, backend: null, platform: 'p' });
    expect(text.detail).toContain('tfjs backend: not started yet');
    expect(text.detail).toContain('Electron unknown');
    expect(aboutText({ appName: 'A', appVersion: '1', versions: {}, tfjsVersion: '4', backend: { name: 'tensorflow', detail: 'first choice', gpu: true }, platform: 'p' }).detail).toContain(
      'tfjs backend: tensorflow (GPU): first choice',
    );
  });
});
