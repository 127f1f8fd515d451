import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import { describe, expect, it } from 'vitest';
import type { HeatmapResponse } from '../ipc/results';
import { anomalyChart } from './anomaly-chart';
import { contributionChart } from './contribution-chart';
import { clampToPlot, dragLineGraphic, plotRect } from './drag-line';
import { heatmapChart, heatmapGridLeft, heatmapRowSpan } from './heatmap-chart';
import { operatingPoint, prChart, rocChart } from './roc-pr-chart';
import { signalsChart, signalsChartHeight } from './signals-chart';

type AnyRecord = Record<string, any>;
const seriesOf = (option: AnyRecord): AnyRecord[] => option.series as AnyRecord[];

function render(option: EChartsOption, width = 600, height = 300): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

describe('operatingPoint', () => {
  it('places the threshold on both curves from its confusion counts', () => {
    expect(operatingPoint({ tp: 3, fn: 1, fp: 2, tn: 8 })).toEqual({ fpr: 0.2, tpr: 0.75, precision: 0.6 });
    // nothing alarms: precision is undefined
    expect(operatingPoint({ tp: 0, fn: 4, fp: 0, tn: 10 })).toEqual({ fpr: 0, tpr: 0, precision: null });
  });
});

describe('rocChart and prChart', () => {
  const roc = rocChart({ x: Float64Array.from([0, 0, 0.5, 1]), y: Float64Array.from([0, 0.5, 1, 1]), auc: 0.875, point: { x: 0.5, y: 1 } }) as AnyRecord;

  it('draws the curve with its area in the legend, the guessing diagonal and the threshold point', () => {
    const [curve, guess, point] = seriesOf(roc);
    expect(curve!.name).toBe('ROC (area 0.875)');
    expect(curve!.data).toEqual([[0, 0], [0, 0.5], [0.5, 1], [1, 1]]);
    expect(guess!.data).toEqual([[0, 0], [1, 1]]);
    expect(point!).toMatchObject({ name: 'threshold', data: [[0.5, 1]] });
    expect(roc.xAxis).toMatchObject({ min: 0, max: 1 });
    expect(roc.legend.data).toEqual(['ROC (area 0.875)', 'guessing', 'threshold']);
  });

  it('draws precision against recall over the precision of alarming everything, without a point when undefined', () => {
    const pr = prChart({ x: [1, 0.5, 0], y: [0.5, 1, 1], auc: null, point: null, positiveRate: 0.2 }) as AnyRecord;
    expect(seriesOf(pr).map((s) => s.name)).toEqual(['precision-recall', 'alarm everything']);
    expect(seriesOf(pr)[1]!.data).toEqual([[0, 0.2], [1, 0.2]]);
    expect(pr.xAxis.name).toBe('recall');
  });

  it('renders to SVG without a DOM', () => {
    expect(render(rocChart({ x: [0, 1], y: [0, 1], auc: 0.5, point: null }, { static: true, theme: 'dark' }))).toContain('<svg');
  });
});

describe('signalsChart', () => {
  const envelopes = {
    rowStart: 100,
    rowEnd: 108,
    bucketSize: 2,
    signals: [
      { signal: 'pressure', min: Float32Array.from([1, 2, NaN, 0]), max: Float32Array.from([3, 2, NaN, 5]) },
      { signal: 'flow', min: [0, 0, 0, 0], max: [1, 1, 1, 1] },
    ],
  };
  const option = signalsChart({ envelopes, axis: { rowStart: 100, rowEnd: 108 }, event: { start: 103, end: 104 } }) as AnyRecord;

  it('gives each signal a pane on the shared row axis, its envelope at the buckets’ middle rows', () => {
    expect(option.grid).toHaveLength(2);
    expect(option.xAxis.map((axis: AnyRecord) => [axis.min, axis.max])).toEqual([[100, 108], [100, 108]]);
    expect(option.yAxis.map((axis: AnyRecord) => axis.name)).toEqual(['pressure', 'flow']);
    const [lower, range] = seriesOf(option);
    expect(lower!.data[0]).toEqual([101, 1]);
    expect(range!.data[0]).toEqual([101, 2]);
    expect(range!.data[3]).toEqual([107, 5]);
    // a bucket of only missing values is a gap
    expect(Number.isNaN(range!.data[2][1])).toBe(true);
    expect(lower!.stack).toBe(range!.stack);
    expect(seriesOf(option)[2]).toMatchObject({ xAxisIndex: 1, yAxisIndex: 1 });
  });

  it('keeps the heatmap’s margins so rows line up, and shades the event on every pane', () => {
    const heatmap = heatmapChart({ rowStart: 100, rowEnd: 108, bucketSize: 2, signals: ['a'], values: [1, 2, 3, 4], maxValue: 4 }) as AnyRecord;
    expect(option.grid[0]).toMatchObject({ left: heatmap.grid.left, right: heatmap.grid.right });
    const shaded = seriesOf(option).filter((s) => s.markArea).map((s) => s.markArea.data[0].map((edge: AnyRecord) => edge.xAxis));
    expect(shaded).toEqual([[103, 105], [103, 105]]);
    expect(option.xAxis[0].axisLabel.show).toBe(false);
    expect(option.xAxis[1].axisLabel.show).toBe(true);
  });

  it('starts every pane where the heatmap’s plot starts, however long a signal’s name', () => {
    const long = { ...envelopes, signals: [envelopes.signals[1]!, { ...envelopes.signals[0]!, signal: 'outlet_pressure_of_the_second_pump' }] };
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: signalsChartHeight(2) });
    chart.setOption(signalsChart({ envelopes: long, axis: { rowStart: 100, rowEnd: 108 } }, { static: true }));
    const starts = [0, 1].map((k) => chart.convertToPixel({ xAxisIndex: k }, 100));
    chart.dispose();
    expect(starts).toEqual([heatmapGridLeft, heatmapGridLeft]);
  });

  it('is as tall as its panes and renders to SVG', () => {
    expect(signalsChartHeight(2)).toBeGreaterThan(signalsChartHeight(1));
    expect(render(signalsChart({ envelopes, axis: { rowStart: 100, rowEnd: 108 } }, { static: true }), 600, signalsChartHeight(2))).toContain('<svg');
  });
});

describe('the draggable threshold line', () => {
  const scores = [0.1, 0.4, 2, 0.3];
  const option = anomalyChart({ scores, threshold: 1, labels: [0, 0, 1, 0], partition: null, events: [] }) as AnyRecord;
  const size = { width: 600, height: 300 };

  it('finds the plot from the builder’s grid as ECharts lays it out', () => {
    const rect = plotRect(option, size)!;
    expect(rect).toEqual({ x: 64, y: 28, width: 600 - 64 - 24, height: 300 - 28 - 72 });
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...size });
    chart.setOption(option);
    // the plot's bottom edge is the score axis' 0; the threshold lies inside the plot
    expect(chart.convertFromPixel({ yAxisIndex: 0 }, rect.y + rect.height)).toBeCloseTo(0, 6);
    const y = chart.convertToPixel({ yAxisIndex: 0 }, 1);
    expect(y).toBeGreaterThan(rect.y);
    expect(y).toBeLessThan(rect.y + rect.height);
    chart.setOption({ graphic: [dragLineGraphic(rect, y, 'drag')] });
    expect(chart.renderToSVGString()).toContain('drag');
    chart.dispose();
  });

  it('is a vertically draggable group spanning the plot, kept inside it', () => {
    const rect = { x: 10, y: 20, width: 100, height: 50 };
    const line = dragLineGraphic(rect, 40, 'drag me');
    expect(line).toMatchObject({ type: 'group', y: 40, draggable: 'vertical' });
    expect(line.children[1]!.shape).toEqual({ x1: 10, y1: 0, x2: 110, y2: 0 });
    expect(clampToPlot(5, rect)).toBe(20);
    expect(clampToPlot(90, rect)).toBe(70);
    expect(clampToPlot(33, rect)).toBe(33);
  });

  it('finds no plot in a grid without pixel margins', () => {
    expect(plotRect({ grid: { left: '10%', right: 0, top: 0 } }, size)).toBeNull();
    expect(plotRect({}, size)).toBeNull();
  });
});

describe('contributionChart, normalised', () => {
  const contributions = [
    { signal: 'big', share: 0.8, normalisedError: 2 },
    { signal: 'small', share: 0.2, normalisedError: 40 },
  ];

  it('ranks by the error in multiples of the typical error', () => {
    const option = contributionChart(contributions, {}, 10, 'normalised') as AnyRecord;
    expect(option.yAxis.data).toEqual(['small', 'big']);
    expect(seriesOf(option)[0]!.data).toEqual([40, 2]);
    expect(option.xAxis.name).toContain('typical');
    const shares = contributionChart(contributions) as AnyRecord;
    expect(shares.yAxis.data).toEqual(['big', 'small']);
    expect(shares.yAxis.triggerEvent).toBe(true);
  });
});

describe('heatmapChart, pinned signals', () => {
  const heatmap: HeatmapResponse = { rowStart: 10, rowEnd: 15, bucketSize: 2, signals: ['a', 'b'], values: Float32Array.from([1, 2, 3, 4, 5, 6]), maxValue: 6 };

  it('writes pinned names in bold and lets a click on a name through', () => {
    const option = heatmapChart(heatmap, {}, ['b']) as AnyRecord;
    expect(option.yAxis.data[0]).toBe('a');
    expect(option.yAxis.data[1]).toMatchObject({ value: 'b', textStyle: { fontWeight: 'bold' } });
    expect(option.yAxis.triggerEvent).toBe(true);
    expect((heatmapChart(heatmap, { static: true }) as AnyRecord).yAxis.triggerEvent).toBe(false);
  });

  it('spans whole buckets, a short last one too', () => {
    expect(heatmapRowSpan(heatmap)).toEqual({ rowStart: 10, rowEnd: 16 });
  });
});
