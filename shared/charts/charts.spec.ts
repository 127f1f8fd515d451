import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import type { Heatmap } from '../ipc/results';
import { anomalyChart } from './anomaly-chart';
import { confusionChart } from './confusion-chart';
import { contributionChart } from './contribution-chart';
import { downsampleMax, runsOf } from './downsample';
import { heatmapChart } from './heatmap-chart';
import { lossChart } from './loss-chart';
import { overviewChart } from './overview-chart';
import { sequentialRamp } from './style';

type AnyRecord = Record<string, any>;
const seriesOf = (option: AnyRecord): AnyRecord[] => option.series as AnyRecord[];

function heatmapFixture(buckets: number, signals: number): Heatmap {
  const values = Array.from({ length: buckets * signals }, (_, i) => i / 10);
  return {
    rowStart: 100,
    rowEnd: 100 + buckets * 5,
    bucketSize: 5,
    signals: Array.from({ length: signals }, (_, s) => `s${s}`),
    values,
    maxValue: Math.max(...values),
  };
}

describe('downsampleMax', () => {
  it('keeps short series as they are', () => {
    expect(downsampleMax([3, 1, 2], 10)).toEqual([
      [0, 3],
      [1, 1],
      [2, 2],
    ]);
  });

  it('keeps the maximum of every bucket, at its own row', () => {
    const values = new Array(10_000).fill(0.1);
    values[4321] = 9;
    const points = downsampleMax(values, 2000);
    expect(points.length).toBeLessThanOrEqual(2000);
    expect(points).toContainEqual([4321, 9]);
    expect(Math.max(...points.map((p) => p[1]))).toBe(9);
  });
});

describe('runsOf', () => {
  it('finds maximal runs including one at the end', () => {
    expect(runsOf([0, 1, 1, 0, 1])).toEqual([
      [1, 2],
      [4, 4],
    ]);
  });
});

describe('heatmapChart', () => {
  it('emits one data item per bucket x signal with the bucket-major value', () => {
    const heatmap = heatmapFixture(7, 3);
    const option = heatmapChart(heatmap) as AnyRecord;
    const data = seriesOf(option)[0].data as Array<[number, number, number]>;
    expect(data).toHaveLength(21);
    expect(data[2 * 3 + 1]).toEqual([2, 1, heatmap.values[2 * 3 + 1]]);
    expect(option.yAxis.data).toEqual(['s0', 's1', 's2']);
    expect(option.xAxis.data[1]).toBe('105');
  });

  it('uses the sequential ramp, never a rainbow', () => {
    const option = heatmapChart(heatmapFixture(2, 2)) as AnyRecord;
    expect(option.visualMap.inRange.color).toEqual(sequentialRamp);
    expect(option.visualMap.max).toBeCloseTo(0.3);
  });
});

describe('anomalyChart', () => {
  const scores = Array.from({ length: 5000 }, (_, i) => (i === 3000 ? 10 : 1));
  const labels = scores.map((_, i) => (i >= 2990 && i < 3010 ? 1 : 0));
  const events = [{ index: 0, start: 2995, end: 3004, peakRow: 3000, peakScore: 10 }];

  it('draws the threshold as a horizontal mark line', () => {
    const option = anomalyChart({ scores, threshold: 2.5, labels, partition: { trainEnd: 3000, validationEnd: 4000 }, events }) as AnyRecord;
    const lines = seriesOf(option)[0].markLine.data as AnyRecord[];
    expect(lines.find((l) => l.name === 'threshold')?.yAxis).toBe(2.5);
  });

  it('marks the train / validation / test boundaries of a time-ordered split', () => {
    const option = anomalyChart({ scores, threshold: 2.5, labels, partition: { trainEnd: 3000, validationEnd: 4000 }, events }) as AnyRecord;
    const lines = (seriesOf(option)[0].markLine.data as AnyRecord[]).filter((l) => l.name !== 'threshold');
    expect(lines.map((l) => [l.name, l.xAxis])).toEqual([
      ['train | validation', 3000],
      ['validation | test', 4000],
    ]);
  });

  it('draws one line when nothing validates, none past the data, none for a random split', () => {
    const names = (partition: { trainEnd: number; validationEnd: number } | null) => {
      const option = anomalyChart({ scores, threshold: 2.5, labels: null, partition, events: [] }) as AnyRecord;
      const lines = seriesOf(option)[0].markLine.data as AnyRecord[];
      return lines.filter((l) => l.name !== 'threshold').map((l) => [l.name, l.xAxis]);
    };
    expect(names({ trainEnd: 3000, validationEnd: 3000 })).toEqual([['train | test', 3000]]);
    // train + validation = 1: the test part is every row, so only the train boundary is drawn
    expect(names({ trainEnd: 4000, validationEnd: 5000 })).toEqual([['train | validation', 4000]]);
    expect(names(null)).toEqual([]);
  });

  it('downsamples long series and keeps the spike', () => {
    const option = anomalyChart({ scores, threshold: 2.5, labels: null, partition: null, events: [] }) as AnyRecord;
    const data = seriesOf(option)[0].data as Array<[number, number]>;
    expect(data.length).toBeLessThanOrEqual(2000);
    expect(data).toContainEqual([3000, 10]);
  });

  it('puts labelled rows in a band under the plot and shades events', () => {
    const option = anomalyChart({ scores, threshold: 2.5, labels, partition: { trainEnd: 3000, validationEnd: 4000 }, events }) as AnyRecord;
    const band = seriesOf(option).find((s) => s.name === 'labelled anomaly')!;
    expect(band.xAxisIndex).toBe(1);
    expect((band.data as Array<[number, number]>).some(([, v]) => v === 1)).toBe(true);
    expect(seriesOf(option)[0].markArea.data[0][0].xAxis).toBe(2995);
  });
});

describe('contributionChart', () => {
  it('shows the top 10 shares in percent, largest first', () => {
    const contributions = Array.from({ length: 14 }, (_, i) => ({ signal: `s${i}`, share: (i + 1) / 105 }));
    const option = contributionChart(contributions) as AnyRecord;
    expect(option.yAxis.data).toHaveLength(10);
    expect(option.yAxis.data[0]).toBe('s13');
    expect(seriesOf(option)[0].data[0]).toBeCloseTo(13.3, 1);
  });
});

describe('static rendering for the report', () => {
  const heatmap = heatmapFixture(20, 4);
  const options = {
    loss: lossChart({ loss: [3, 2, 1], valLoss: [3.5, 2.5, 1.5] }, 3, { static: true }),
    anomaly: anomalyChart(
      { scores: [1, 2, 9, 1], threshold: 5, labels: [0, 0, 1, 0], partition: { trainEnd: 2, validationEnd: 3 }, events: [{ index: 0, start: 2, end: 2, peakRow: 2, peakScore: 9 }] },
      { static: true },
    ),
    heatmap: heatmapChart(heatmap, { static: true, theme: 'dark' }),
    contribution: contributionChart([{ signal: 'a', share: 0.7 }, { signal: 'b', share: 0.3 }], { static: true }),
    confusion: confusionChart({ tp: 5, fp: 1, tn: 90, fn: 4 }, { static: true }),
    overview: overviewChart(
      {
        overview: { column: 'a', rowCount: 8, bucketSize: 2, min: [0, -1, null, 2], max: [1, 3, null, 2], labels: [0, 1, 0, 0] },
        partition: { trainEnd: 4, validationEnd: 6 },
      },
      { static: true },
    ),
  };

  for (const [name, option] of Object.entries(options)) {
    it(`${name} turns animation off and renders to SVG without a DOM`, () => {
      expect((option as AnyRecord).animation).toBe(false);
      const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 300 });
      chart.setOption(option);
      const svg = chart.renderToSVGString();
      chart.dispose();
      expect(svg).toContain('<svg');
    });
  }

  it('keeps animation on for the app', () => {
    expect((lossChart({ loss: [1], valLoss: [1] }) as AnyRecord).animation).toBe(true);
  });
});

describe('niceCeiling', () => {
  it('rounds up to two significant digits', async () => {
    const { niceCeiling } = await import('./anomaly-chart');
    expect(niceCeiling(7.396926)).toBeCloseTo(7.4);
    expect(niceCeiling(0.05741)).toBeCloseTo(0.058);
    expect(niceCeiling(0)).toBe(1);
  });
});

describe('anomalyChart axis', () => {
  it('lifts the score axis only when the threshold is above every score', () => {
    const low = anomalyChart({ scores: [1, 2], threshold: 5, labels: null, partition: null, events: [] }) as AnyRecord;
    expect(low.yAxis[0].max).toBeCloseTo(5.5);
    const high = anomalyChart({ scores: [1, 9], threshold: 5, labels: null, partition: null, events: [] }) as AnyRecord;
    expect(high.yAxis[0].max).toBeUndefined();
  });
});
