import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import type { Overview } from '../ipc/datasets';
import { overviewChart, partBands, partColors } from './overview-chart';

type AnyRecord = Record<string, any>;

const overview: Overview = {
  column: 'pressure',
  rowCount: 10,
  bucketSize: 2,
  min: [1, -2, null, 0, 5],
  max: [3, 4, null, 0, 9],
  labels: [0, 0, 1, 1, 0],
};

describe('partBands', () => {
  it('gives [start, end) of each non-empty part', () => {
    expect(partBands({ trainEnd: 6, validationEnd: 8 }, 10)).toEqual([
      { part: 'train', start: 0, end: 6 },
      { part: 'validation', start: 6, end: 8 },
      { part: 'test', start: 8, end: 10 },
    ]);
    expect(partBands({ trainEnd: 6, validationEnd: 6 }, 10).map((b) => b.part)).toEqual(['train', 'test']);
    expect(partBands({ trainEnd: 8, validationEnd: 10 }, 10).map((b) => b.part)).toEqual(['train', 'validation']);
    expect(partBands({ trainEnd: 20, validationEnd: 30 }, 10)).toEqual([{ part: 'train', start: 0, end: 10 }]);
    expect(partBands(null, 10)).toEqual([]);
  });
});

describe('overviewChart', () => {
  const option = overviewChart({ overview, partition: { trainEnd: 6, validationEnd: 8 } }) as AnyRecord;
  const series = option.series as AnyRecord[];

  it('draws the min/max envelope per bucket at its first row: min, then the range stacked on it', () => {
    expect(series[0].data).toEqual([[0, 1], [2, -2], [4, null], [6, 0], [8, 5]]);
    expect(series[1].name).toBe('pressure');
    expect(series[1].data).toEqual([[0, 2], [2, 6], [4, null], [6, 0], [8, 4]]);
    expect(series[0].stack).toBe(series[1].stack);
    // negative minimums must stack too
    expect(series[1].stackStrategy).toBe('all');
    expect(series[1].areaStyle).toBeDefined();
    expect(option.xAxis[0].max).toBe(9);
  });

  it('shows the split as bands, train / validation / test in their colours, with boundary lines', () => {
    const bands = series[0].markArea.data as AnyRecord[][];
    expect(bands.map(([from, to]) => [from.name, from.xAxis, to.xAxis])).toEqual([
      ['train', 0, 6],
      ['validation', 6, 8],
      ['test', 8, 9],
    ]);
    expect(bands[0][0].itemStyle.color).toBe(partColors.train);
    expect((series[0].markLine.data as AnyRecord[]).map((l) => l.xAxis)).toEqual([6, 8]);
  });

  it('draws no bands for a random split', () => {
    const random = overviewChart({ overview, partition: null }) as AnyRecord;
    expect(random.series[0].markArea.data).toEqual([]);
    expect(random.series[0].markLine.data).toEqual([]);
  });

  it('puts labels in a band under the plot, and leaves it out without labels', () => {
    const band = series.find((s) => s.name === 'labelled anomaly')!;
    expect(band.xAxisIndex).toBe(1);
    expect(band.data).toEqual([[0, 0], [2, 0], [4, 1], [6, 1], [8, 0]]);
    const plain = overviewChart({ overview: { ...overview, labels: null }, partition: null }) as AnyRecord;
    expect((plain.series as AnyRecord[]).some((s) => s.name === 'labelled anomaly')).toBe(false);
    expect(plain.grid).toHaveLength(1);
  });

  it('renders in the browser and to SVG (the report) with the dark theme', () => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 220 });
    chart.setOption(overviewChart({ overview, partition: { trainEnd: 6, validationEnd: 8 } }, { static: true, theme: 'dark' }));
    const svg = chart.renderToSVGString();
    chart.dispose();
    expect(svg).toContain('<svg');
    expect(svg).toContain('validation');
  });
});
