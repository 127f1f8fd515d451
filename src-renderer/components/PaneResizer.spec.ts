// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import PaneResizer from './PaneResizer.vue';

describe('PaneResizer', () => {
  it('moves the boundary with the arrow keys, within its limits', async () => {
    const wrapper = mount(PaneResizer, { props: { modelValue: 170, min: 120, max: 200, label: 'Resize' } });
    const handle = wrapper.find('[role="separator"]');
    await handle.trigger('keydown', { key: 'ArrowRight' });
    await handle.trigger('keydown', { key: 'ArrowLeft' });
    await handle.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('update:modelValue')).toEqual([[186], [154]]);
    await wrapper.setProps({ modelValue: 195 });
    await handle.trigger('keydown', { key: 'ArrowRight' });
    expect(wrapper.emitted('update:modelValue')!.at(-1)).toEqual([200]);
    expect(handle.attributes('aria-valuenow')).toBe('195');
  });
});
