import type { EChartsOption } from 'echarts';
import type { HeatmapResponse } from '../ipc/results';
import { axisStyle, baseOption, sequentialRamp, sequentialRampDark, themeColors, type ChartStyle } from './style';

/** Horizontal space outside the plot, so a caller can ask for one bucket per drawn pixel. */
export const heatmapGridLeft = 120;
export const heatmapGridRight = 24;

/** A heatmap as the chart draws it: the contract's (a Float32Array) or the report's (a plain array). */
export type HeatmapGrid = Omit<HeatmapResponse, 'values'> & { values: ArrayLike<number> };

/** Number of time buckets in a heatmap answer (values are bucket-major, one per signal). */
export function bucketCount(heatmap: HeatmapGrid): number {
  return heatmap.signals.length === 0 ? 0 : Math.floor(heatmap.values.length / heatmap.signals.length);
}

/** First row of bucket `b`, for axis labels and for turning a zoom back into a row range. */
export function bucketStartRow(heatmap: HeatmapGrid, bucket: number): number {
  return heatmap.rowStart + bucket * heatmap.bucketSize;
}

/**
 * The rows the drawn buckets span, edge to edge: every bucket is drawn equally wide, a short last one
 * too, so a chart that shares the heatmap's time axis spans bucketSize rows per bucket.
 */
export function heatmapRowSpan(heatmap: HeatmapGrid): { rowStart: number; rowEnd: number } {
  return { rowStart: heatmap.rowStart, rowEnd: bucketStartRow(heatmap, bucketCount(heatmap)) };
}

/**
 * Reconstruction error as time buckets (x) by signals (y), first signal on top. The colour scale
 * is sequential (one direction of lightness), so it reads in greyscale and for colour-blind users.
 * Pinned signals' names are bold; in the app a click on a name reaches the view (to pin it).
 */
export function heatmapChart(heatmap: HeatmapGrid, style: ChartStyle = {}, pinned: readonly string[] = []): EChartsOption {
  const colors = themeColors(style);
  const nSignals = heatmap.signals.length;
  const buckets = bucketCount(heatmap);
  const data: Array<[number, number, number]> = new Array(buckets * nSignals);
  for (let b = 0; b < buckets; b++) {
    for (let s = 0; s < nSignals; s++) data[b * nSignals + s] = [b, s, heatmap.values[b * nSignals + s]];
  }
  const bucketLabels = Array.from({ length: buckets }, (_, b) => String(bucketStartRow(heatmap, b)));
  const ramp = style.theme === 'dark' ? sequentialRampDark : sequentialRamp;
  return {
    ...baseOption(style),
    tooltip: style.static ? undefined : { position: 'top' },
    // exactly these margins (ECharts may otherwise narrow the plot for long labels): the raw plots under it align to them
    grid: { left: heatmapGridLeft, right: heatmapGridRight, top: 12, bottom: 72, outerBoundsMode: 'none' },
    xAxis: {
      type: 'category',
      data: bucketLabels,
      name: heatmap.bucketSize > 1 ? `first row of each bucket (${heatmap.bucketSize} rows)` : 'row',
      nameLocation: 'middle',
      nameGap: 26,
      splitArea: { show: false },
      ...axisStyle(style),
      splitLine: { show: false },
    },
    yAxis: {
      type: 'category',
      data: heatmap.signals.map((signal) => (pinned.includes(signal) ? { value: signal, textStyle: { color: colors.text, fontWeight: 'bold' } } : signal)),
      inverse: true,
      ...axisStyle(style),
      splitLine: { show: false },
      axisLabel: { color: colors.mutedText, width: 110, overflow: 'truncate' },
      triggerEvent: !style.static,
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max: heatmap.maxValue > 0 ? heatmap.maxValue : 1,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      itemWidth: 10,
      text: ['high error', 'low'],
      textStyle: { color: colors.mutedText },
      inRange: { color: ramp },
    },
    // zoom on time only; the renderer turns the zoomed range into a new, sharper query
    dataZoom: style.static ? undefined : [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
    series: [
      {
        name: 'reconstruction error',
        type: 'heatmap',
        data,
        progressive: 0,
        emphasis: style.static ? undefined : { itemStyle: { borderColor: colors.text, borderWidth: 1 } },
      },
    ],
  };
}
