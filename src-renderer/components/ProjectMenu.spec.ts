// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../services/app';
import { setBridge } from '../services/client';
import { useDatasetStore } from '../services/datasets';
import { useProjectStore } from '../services/projects';
import { fakeProjectHost, summary } from '../services/test-project-host';
import ProjectMenu from './ProjectMenu.vue';

let fake: ReturnType<typeof fakeProjectHost>;
let wrapper: VueWrapper;
beforeEach(() => {
  setActivePinia(createPinia());
  fake = fakeProjectHost();
  setBridge(fake.bridge);
});
afterEach(() => {
  wrapper?.unmount();
  setBridge(null);
});

function mountIn(mode: 'web' | 'electron') {
  useAppStore().info = { mode } as never;
  wrapper = mount(ProjectMenu, { attachTo: document.body });
  return wrapper;
}
const byId = (id: string) => wrapper.find(`[data-testid="${id}"]`);

async function openMenu(): Promise<void> {
  await byId('project-menu-button').trigger('click');
  await flushPromises();
}

describe('ProjectMenu', () => {
  it('asks for a folder and a name to save as in web mode, then shows the project', async () => {
    mountIn('web');
    await openMenu();
    await byId('project-save-as').trigger('click');
    await flushPromises();
    expect(byId('project-menu').exists()).toBe(false);
    expect(byId('project-path-dialog').exists()).toBe(true);
    expect(byId('project-name-input').exists()).toBe(true);
    expect(document.activeElement).toBe(byId('project-path-input').element);
    expect(byId('project-path-confirm').attributes('disabled')).toBeDefined();

    await byId('project-path-input').setValue('/home/me/pump');
    await byId('project-name-input').setValue('Pump station');
    await byId('project-path-dialog').trigger('submit');
    await flushPromises();
    expect(fake.last('projects:save')).toMatchObject({ dir: '/home/me/pump', name: 'Pump station', view: { step: 'data', datasetId: null } });
    expect(fake.calls.some((call) => call.channel === 'projects:pickFolder')).toBe(false);
    expect(byId('project-path-dialog').exists()).toBe(false);
    expect(byId('project-name').text()).toBe('Pump station');
    expect(byId('project-dirty').exists()).toBe(false);
  });

  it('asks before a Save as replaces another project, and replaces it only when told', async () => {
    fake.saved.set('/p/other', { name: 'Other', savedAt: '2026-01-01T10:00:00Z', view: {} as never });
    mountIn('web');
    await openMenu();
    await byId('project-save-as').trigger('click');
    await flushPromises();
    await byId('project-path-input').setValue('/p/other');
    await byId('project-path-dialog').trigger('submit');
    await flushPromises();
    expect(fake.last('projects:save').replace).toBeUndefined();
    expect(byId('project-replace').text()).toContain('/p/other holds another project');
    expect(document.activeElement).toBe(byId('project-replace-cancel').element);
    expect(byId('project-name').exists()).toBe(false);

    await byId('project-replace-confirm').trigger('click');
    await flushPromises();
    expect(fake.last('projects:save')).toMatchObject({ dir: '/p/other', replace: true });
    expect(byId('project-replace').exists()).toBe(false);
    expect(byId('project-name').text()).toBe('other');
  });

  it('lists recent projects, a missing folder greyed and not openable, and forgets one', async () => {
    fake.host.recent = [
      { dir: '/p/pump', name: 'Pump', savedAt: '2026-02-01T10:00:00Z', available: true },
      { dir: '/p/gone', name: 'Gone', savedAt: '2026-01-01T10:00:00Z', available: false },
    ];
    mountIn('web');
    await openMenu();
    const items = wrapper.findAll('[data-testid="recent-project"]');
    expect(items.map((item) => item.attributes('data-available'))).toEqual(['yes', 'no']);
    expect(items[0]!.text()).toContain('Pump');
    expect(items[0]!.text()).toContain('/p/pump');
    expect(items[0]!.text()).toContain('saved 2026-0');
    expect(items[0]!.find('[data-testid="recent-missing"]').exists()).toBe(false);
    expect(items[1]!.find('[data-testid="recent-missing"]').text()).toBe('folder missing');
    expect(items[1]!.find('[data-testid="recent-open"]').attributes('disabled')).toBeDefined();
    expect(items[0]!.find('[data-testid="recent-open"]').attributes('disabled')).toBeUndefined();

    await items[1]!.find('[data-testid="recent-forget"]').trigger('click');
    await flushPromises();
    expect(fake.last('projects:forget')).toEqual({ dir: '/p/gone' });
    expect(wrapper.findAll('[data-testid="recent-project"]')).toHaveLength(1);
    expect(byId('project-menu').exists()).toBe(true);
  });

  it('asks before an open drops unsaved work, then shows why a folder is no project', async () => {
    mountIn('web');
    useDatasetStore().summary = summary;
    await openMenu();
    await byId('project-open').trigger('click');
    await flushPromises();
    expect(byId('project-confirm').text()).toContain('not saved in a project');
    expect(byId('project-path-dialog').exists()).toBe(false);

    await byId('project-confirm-discard').trigger('click');
    await flushPromises();
    expect(byId('project-name-input').exists()).toBe(false);
    await byId('project-path-input').setValue('/tmp/nothing');
    await byId('project-path-dialog').trigger('submit');
    await flushPromises();
    expect(fake.last('projects:open')).toEqual({ dir: '/tmp/nothing' });
    expect(byId('project-error').text()).toBe('/tmp/nothing/project.json is not an Anomaly Lens project: no such file');
    expect(byId('project-path-dialog').exists()).toBe(true);
  });

  it('cancels the prompt with Esc without the key reaching the app (where Esc cancels a training)', async () => {
    mountIn('web');
    const reachedApp: string[] = [];
    const listener = (event: KeyboardEvent) => reachedApp.push(event.key);
    window.addEventListener('keydown', listener);
    useProjectStore().prompt = { purpose: 'open' };
    await flushPromises();
    await byId('project-path-input').trigger('keydown', { key: 'Escape' });
    window.removeEventListener('keydown', listener);
    expect(byId('project-path-dialog').exists()).toBe(false);
    expect(useProjectStore().prompt).toBeNull();
    expect(reachedApp).toEqual([]);
  });

  it('uses the native folder dialog in the desktop app, and marks changes after the save', async () => {
    fake.host.pickedFolder = '/home/me/picked';
    mountIn('electron');
    await openMenu();
    await byId('project-save-as').trigger('click');
    await flushPromises();
    expect(fake.last('projects:pickFolder')).toEqual({ purpose: 'save' });
    expect(fake.last('projects:save')).toMatchObject({ dir: '/home/me/picked' });
    expect(fake.last('projects:save')).not.toHaveProperty('name');
    expect(byId('project-path-dialog').exists()).toBe(false);
    expect(byId('project-name').text()).toBe('picked');

    await useDatasetStore().reopen('ds');
    await flushPromises();
    expect(byId('project-dirty').exists()).toBe(true);
  });
});
