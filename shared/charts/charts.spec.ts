import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import type { HeatmapResponse, ThresholdCurve } from '../ipc/results';
import { anomalyChart } from './anomaly-chart';
import { confusionChart } from './confusion-chart';
import { contributionChart } from './contribution-chart';
import { downsampleMax, runsOf } from './downsample';
import { heatmapChart } from './heatmap-chart';
import { lossChart } from './loss-chart';
import { overviewChart } from './overview-chart';
import { sequentialRamp } from './style';
import { nearestThreshold, thresholdCurveChart } from './threshold-curve-chart';

type AnyRecord = Record<string, any>;
const seriesOf = (option: AnyRecord): AnyRecord[] => option.series as AnyRecord[];

function heatmapFixture(buckets: number, signals: number): HeatmapResponse {
  const values = Float32Array.from({ length: buckets * signals }, (_, i) => i / 10);
  return {
    rowStart: 100,
    rowEnd: 100 + buckets * 5,
    bucketSize: 5,
    signals: Array.from({ length: signals }, (_, s) => `s${s}`),
    values,
    maxValue: Math.max(...values),
  };
}

/** Thresholds descending, as the host sends them; the last one lies below every score. */
function curveFixture(cost: boolean): ThresholdCurve {
  return {
    rows: 'validation',
    candidates: 5,
    thresholds: Float64Array.from([0.9, 0.6, 0.4, 0.2, -0.8]),
    precision: Float32Array.from([0, 1, 0.75, 0.5, 0.4]),
    recall: Float32Array.from([0, 0.5, 0.75, 1, 1]),
    f1: Float32Array.from([0, 0.667, 0.75, 0.667, 0.571]),
    cost: cost ? Float64Array.from([20, 10, 6, 8, 12]) : null,
    bestF1: 2,
    bestCost: cost ? 2 : null,
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

  it('takes typed arrays and draws an extra score on its own axis at the right', () => {
    const elbo = Float32Array.from(scores, (score) => score * 100);
    const option = anomalyChart({
      scores: Float32Array.from(scores),
      threshold: 2.5,
      labels: Uint8Array.from(labels),
      partition: null,
      events,
      extra: { name: 'negative ELBO', values: elbo },
    }) as AnyRecord;
    const extra = seriesOf(option).find((s) => s.name === 'negative ELBO')!;
    expect(option.yAxis[extra.yAxisIndex]).toMatchObject({ name: 'negative ELBO', position: 'right', gridIndex: 0 });
    expect(extra.data.length).toBeLessThanOrEqual(2000);
    expect(extra.data).toContainEqual([3000, 1000]);
    expect(seriesOf(option)[0]!.data).toContainEqual([3000, 10]);
    expect(option.legend.data).toContain('negative ELBO');
  });

  it('puts labelled rows in a band under the plot and shades events', () => {
    const option = anomalyChart({ scores, threshold: 2.5, labels, partition: { trainEnd: 3000, validationEnd: 4000 }, events }) as AnyRecord;
    const band = seriesOf(option).find((s) => s.name === 'labelled anomaly')!;
    expect(band.xAxisIndex).toBe(1);
    expect((band.data as Array<[number, number]>).some(([, v]) => v === 1)).toBe(true);
    expect(seriesOf(option)[0].markArea.data[0][0].xAxis).toBe(2995);
  });
});

describe('thresholdCurveChart', () => {
  it('draws F1, precision and recall against the threshold, marking the threshold in force and the best F1', () => {
    const option = thresholdCurveChart({ curve: curveFixture(false), threshold: 0.6 }) as AnyRecord;
    const series = seriesOf(option);
    expect(series.map((s) => s.name)).toEqual(['F1', 'precision', 'recall']);
    expect(series[0]!.data[2][0]).toBe(0.4);
    expect(series[0]!.data[2][1]).toBeCloseTo(0.75);
    const marks = series[0]!.markLine.data as AnyRecord[];
    expect(marks.map((m) => [m.name, m.xAxis])).toEqual([
      ['threshold', 0.6],
      ['best F1', 0.4],
    ]);
    // the everything-alarms candidate far below the scores does not stretch the axis
    expect(option.xAxis.min).toBe(0.2);
    expect(option.xAxis.name).toContain('validation');
  });

  it('adds the cost on its own axis when the curve has one', () => {
    const option = thresholdCurveChart({ curve: curveFixture(true), threshold: 0.6 }) as AnyRecord;
    const cost = seriesOf(option).find((s) => s.name === 'cost')!;
    expect(cost.yAxisIndex).toBe(1);
    expect(cost.data[1]).toEqual([0.6, 10]);
    expect(option.yAxis).toHaveLength(2);
  });

  it('finds the candidate threshold nearest a click', () => {
    const { thresholds } = curveFixture(false);
    expect(nearestThreshold(thresholds, 0.52)).toBe(0.6);
    expect(nearestThreshold(thresholds, 0.45)).toBe(0.4);
    expect(nearestThreshold(thresholds, 5)).toBe(0.9);
    expect(nearestThreshold(new Float64Array(0), 1)).toBeNull();
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
    thresholdCurve: thresholdCurveChart({ curve: curveFixture(true), threshold: 0.6 }, { static: true }),
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
