import type { EChartsOption } from 'echarts';
import type { SignalEnvelopes } from '../ipc/results';
import { heatmapGridLeft, heatmapGridRight } from './heatmap-chart';
import { axisStyle, baseOption, palette, themeColors, type ChartStyle } from './style';

/** Envelopes as the chart draws them: the contract's Float32Arrays or plain arrays. */
export type EnvelopeGrid = Omit<SignalEnvelopes, 'signals'> & {
  signals: Array<{ signal: string; min: ArrayLike<number>; max: ArrayLike<number> }>;
};

export interface SignalsChartInput {
  envelopes: EnvelopeGrid;
  /** the rows the x axis spans: the heatmap's buckets, so both charts share one time axis */
  axis: { rowStart: number; rowEnd: number };
  /** the selected event, shaded on every pane */
  event?: { start: number; end: number } | null;
}

const paneHeight = 64;
const paneGap = 14;
const top = 8;
const bottom = 44;

/** The height the chart needs for `count` panes, so each signal keeps a readable pane. */
export function signalsChartHeight(count: number): number {
  return top + count * paneHeight + Math.max(0, count - 1) * paneGap + bottom;
}

/**
 * One pane per signal, stacked, its raw values as a min/max envelope per bucket (drawn at the
 * bucket's middle row), the selected event shaded. The panes keep the heatmap's left and right
 * margins and its row range, so a row sits at the same x in both charts.
 */
export function signalsChart(input: SignalsChartInput, style: ChartStyle = {}): EChartsOption {
  const colors = themeColors(style);
  const { envelopes, axis, event } = input;
  const count = envelopes.signals.length;
  const at = (b: number) => envelopes.rowStart + (b + 0.5) * envelopes.bucketSize;
  const shaded = event
    ? [[{ xAxis: event.start, itemStyle: { color: palette.alarm, opacity: 0.3 } }, { xAxis: event.end + 1 }]]
    : [];

  const grids = envelopes.signals.map((_, k) => ({
    left: heatmapGridLeft,
    right: heatmapGridRight,
    top: top + k * (paneHeight + paneGap),
    height: paneHeight,
    // exactly these margins, like the heatmap's: ECharts would otherwise narrow a pane whose name is long
    outerBoundsMode: 'none' as const,
  }));
  const xAxes = envelopes.signals.map((_, k) => {
    const last = k === count - 1;
    return {
      type: 'value' as const,
      gridIndex: k,
      min: axis.rowStart,
      max: axis.rowEnd,
      ...axisStyle(style),
      axisLabel: { ...axisStyle(style).axisLabel, show: last },
      splitLine: { show: false },
      name: last ? 'row' : undefined,
      nameLocation: 'middle' as const,
      nameGap: 24,
    };
  });
  const yAxes = envelopes.signals.map(({ signal }, k) => ({
    type: 'value' as const,
    gridIndex: k,
    scale: true,
    splitNumber: 2,
    ...axisStyle(style),
    // the signal's name to the left of its pane, beside the heatmap's row labels
    name: signal,
    nameLocation: 'middle' as const,
    nameRotate: 0,
    nameGap: 40,
    nameTextStyle: { color: colors.text, align: 'right' as const },
    nameTruncate: { maxWidth: heatmapGridLeft - 46 },
  }));
  const series: NonNullable<EChartsOption['series']> = envelopes.signals.flatMap(({ signal, min, max }, k) => {
    const lower = Array.from(min, (value, b) => [at(b), value]);
    const range = Array.from(max, (value, b) => [at(b), value - min[b]]);
    const common = { type: 'line' as const, xAxisIndex: k, yAxisIndex: k, stack: signal, stackStrategy: 'all' as const, showSymbol: false, color: palette.primary };
    return [
      { ...common, name: `${signal} min`, data: lower, lineStyle: { width: 1 }, markArea: { silent: true, data: shaded as never } },
      { ...common, name: signal, data: range, lineStyle: { width: 1 }, areaStyle: { color: palette.primary, opacity: 0.45 } },
    ];
  });

  return {
    ...baseOption(style),
    // redrawn on every zoom of the heatmap: values that glide in would lag behind it
    animation: false,
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    series,
    // zoom on rows, in step with the heatmap above: the view turns the zoomed range into one query for both
    dataZoom: style.static ? undefined : [{ type: 'inside', xAxisIndex: xAxes.map((_, k) => k), filterMode: 'none' }],
  };
}
