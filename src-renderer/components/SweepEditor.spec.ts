// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../shared/domain/model-config';
import { findPreset } from '../../shared/domain/presets';
import { parseSweepValues } from '../services/sweep-form';
import SweepEditor from './SweepEditor.vue';

const dense = { ...findPreset('dense-relu')!.config, hiddenLayers: [8, 4, 8] } as ModelConfig;
const context = { inputSize: 9, trainingRows: 3600, hasLabels: true };

function editor(base: ModelConfig = dense, busy = false) {
  const wrapper = mount(SweepEditor, { props: { base, context, busy } });
  const find = (id: string) => wrapper.find(`[data-testid="${id}"]`);
  return { wrapper, find };
}

describe('SweepEditor', () => {
  it('starts from the model first setting at its own value, and counts the runs as values are typed', async () => {
    const { find } = editor();
    expect((find('sweep-field-0').element as HTMLSelectElement).value).toBe('learningRate');
    expect((find('sweep-values-0').element as HTMLInputElement).value).toBe('0.001');
    expect(find('sweep-count').text()).toContain('1 run');
    await find('sweep-values-0').setValue('0.001, 0.01');
    await find('sweep-add').trigger('click');
    expect((find('sweep-field-1').element as HTMLSelectElement).value).toBe('batchSize');
    await find('sweep-values-1').setValue('32, 64, 128');
    expect(find('sweep-count').text()).toContain('6 runs');
    expect(find('sweep-start').attributes('disabled')).toBeUndefined();
  });

  it('shows a field-level error under the value that is not a number or out of range, and will not start', async () => {
    const { find } = editor();
    await find('sweep-values-0').setValue('0.001, abc');
    expect(find('sweep-error-0').text()).toBe('"abc" is not a number');
    expect(find('sweep-start').attributes('disabled')).toBeDefined();
    await find('sweep-values-0').setValue('0.001, 2');
    expect(find('sweep-error-0').text()).toMatch(/^learning rate 2: /);
    await find('sweep-values-0').setValue('0.001,,0.01');
    expect(find('sweep-error-0').text()).toBe('a value is missing between two commas');
    await find('sweep-values-0').setValue('0.01, 0.01');
    expect(find('sweep-error-0').text()).toBe('learning rate 0.01 is listed twice');
    expect(find('sweep-start').attributes('disabled')).toBeDefined();
  });

  it('refuses more than 64 runs with the count in red', async () => {
    const { find } = editor();
    await find('sweep-values-0').setValue(Array.from({ length: 9 }, (_, i) => (i + 1) / 1000).join(', '));
    await find('sweep-add').trigger('click');
    await find('sweep-values-1').setValue(Array.from({ length: 8 }, (_, i) => 2 ** (i + 1)).join(', '));
    expect(find('sweep-count').text()).toContain('72 runs');
    expect(find('sweep-count').classes()).toContain('over');
    expect(find('sweep-run-errors').text()).toContain('72 runs is more than 64');
    expect(find('sweep-start').attributes('disabled')).toBeDefined();
  });

  it('names the runs whose combination cannot train', async () => {
    const vae = findPreset('vae-latent-8')!.config;
    const { find } = editor(vae);
    await find('sweep-field-0').setValue('latentSize');
    expect((find('sweep-values-0').element as HTMLInputElement).value).toBe('8');
    await find('sweep-values-0').setValue('4, 12');
    expect(find('sweep-run-errors').text()).toBe('run 2 of 2 (latent size 12): latent size must be smaller than the input size 9');
  });

  it('emits the parsed grid on start, layer widths as lists', async () => {
    const { wrapper, find } = editor();
    await find('sweep-field-0').setValue('hiddenLayers');
    await find('sweep-values-0').setValue('[16, 4, 16], 8-2-8');
    // the next setting not in the grid yet
    await find('sweep-add').trigger('click');
    await find('sweep-values-1').setValue('0.01, 0.1');
    await find('sweep-editor').trigger('submit');
    expect(wrapper.emitted('start')).toEqual([
      [
        [
          { field: 'hiddenLayers', values: [[16, 4, 16], [8, 2, 8]] },
          { field: 'learningRate', values: [0.01, 0.1] },
        ],
      ],
    ]);
  });

  it('will not start while another job runs', () => {
    const { find } = editor(dense, true);
    expect(find('sweep-start').attributes('disabled')).toBeDefined();
  });
});

describe('parseSweepValues', () => {
  it('reads layer widths in seed 003 brackets or with dashes, and says what a bad list looks like', () => {
    expect(parseSweepValues('[32,16,8],[64, 32, 16] , [128,64,32]', 'hiddenLayers')).toEqual({
      values: [[32, 16, 8], [64, 32, 16], [128, 64, 32]],
      count: 3,
      error: null,
    });
    expect(parseSweepValues('32-16-8, 64 32 16', 'hiddenLayers').values).toEqual([[32, 16, 8], [64, 32, 16]]);
    expect(parseSweepValues('32-16-x', 'hiddenLayers').error).toBe('"32-16-x" is not a list of layer widths: write 64-32-16 or [64, 32, 16]');
    expect(parseSweepValues('[32, 16], 8', 'hiddenLayers').values).toEqual([[32, 16], [8]]);
    expect(parseSweepValues('[32, 16, 8', 'hiddenLayers').error).toBe('close each bracket: [64, 32, 16], [32, 16, 8]');
    expect(parseSweepValues('[]', 'hiddenLayers').error).toBe('"[]" is not a list of layer widths: write 64-32-16 or [64, 32, 16]');
    expect(parseSweepValues('1e-3, .5', 'learningRate').values).toEqual([0.001, 0.5]);
    expect(parseSweepValues(' ', 'epochs')).toEqual({ values: [], count: 0, error: 'type one or more values, separated by commas' });
  });
});
