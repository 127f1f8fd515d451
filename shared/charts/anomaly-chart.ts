import type { EChartsOption } from 'echarts';
import type { AlarmEvent } from '../domain/results';
import { labelStrip, rowAxes } from './row-axes';
import { downsampleMax } from './downsample';
import { axisStyle, baseOption, palette, themeColors, type ChartStyle } from './style';

export interface Partition {
  trainEnd: number;
  validationEnd: number;
}

/**
 * Vertical lines between the time-ordered parts, named for the parts on either side. A part with no
 * rows gets no line of its own ("train | test" when nothing validates); a boundary at the first or
 * last row is not drawn.
 */
export function partitionBoundaries(partition: Partition | null, rows: number): Array<{ row: number; name: string }> {
  if (!partition) return [];
  const { trainEnd, validationEnd } = partition;
  const lines: Array<{ row: number; name: string }> = [];
  const inside = (row: number) => row > 0 && row < rows;
  if (trainEnd === validationEnd) {
    if (inside(trainEnd)) lines.push({ row: trainEnd, name: 'train | test' });
    return lines;
  }
  if (inside(trainEnd)) lines.push({ row: trainEnd, name: 'train | validation' });
  if (inside(validationEnd)) lines.push({ row: validationEnd, name: 'validation | test' });
  return lines;
}

export interface AnomalyChartInput {
  scores: ArrayLike<number>;
  threshold: number;
  /** 0/1 per row, or null when the data has no label column */
  labels: ArrayLike<number> | null;
  /**
   * Time-ordered parts: rows [0, trainEnd) train, [trainEnd, validationEnd) validate, the rest test.
   * Null for a random split, whose parts interleave: no boundary is drawn.
   */
  partition: Partition | null;
  events: AlarmEvent[];
  /** index into `events` to emphasise (the event the user picked) */
  selectedEvent?: number | null;
  /** about how many points to draw; long series are reduced by bucket max */
  maxPoints?: number;
  /** another per-row score of the model (the VAE's negative ELBO), drawn on its own axis at the right */
  extra?: { name: string; values: ArrayLike<number> } | null;
}

/**
 * The anomaly score over rows with the threshold as a horizontal line, alarm events shaded, the
 * train / validation / test boundaries marked (none for a random split), and, when labels exist, a strip under the plot where labelled rows
 * are a red band. An extra score, when given, is a second line with its own axis at the right.
 */
export function anomalyChart(input: AnomalyChartInput, style: ChartStyle = {}): EChartsOption {
  const colors = themeColors(style);
  const maxPoints = input.maxPoints ?? 2000;
  const points = downsampleMax(input.scores, maxPoints);
  const lastRow = Math.max(0, input.scores.length - 1);
  let maxScore = -Infinity;
  for (const [, value] of points) if (value > maxScore) maxScore = value;
  // ECharts scales the axis to the data only; lift it when the threshold sits above every score
  const yMax = input.threshold >= maxScore ? niceCeiling(input.threshold * 1.1) : undefined;
  const hasLabels = input.labels != null && input.labels.length > 0;

  const eventAreas = input.events.map((event, i) => {
    const selected = i === input.selectedEvent;
    return [
      {
        name: selected ? `event ${event.index + 1}` : '',
        xAxis: event.start,
        itemStyle: { color: palette.alarm, opacity: selected ? 0.45 : 0.2 },
      },
      { xAxis: Math.min(lastRow, event.end + 1) },
    ];
  });

  const markLineData: Array<Record<string, unknown>> = [
    {
      name: 'threshold',
      yAxis: input.threshold,
      lineStyle: { color: palette.threshold, type: 'solid', width: 2 },
      label: { formatter: 'threshold', position: 'insideEndTop', color: colors.text },
    },
  ];
  for (const boundary of partitionBoundaries(input.partition, input.scores.length)) {
    markLineData.push({
      name: boundary.name,
      xAxis: boundary.row,
      lineStyle: { color: palette.neutral, type: 'dashed' },
      label: { formatter: boundary.name, position: 'insideEndTop', color: colors.mutedText },
    });
  }

  const axes = rowAxes(hasLabels, lastRow, style, 28);
  const { xAxes } = axes;
  // room for the extra score's axis labels at the right
  const grids = input.extra ? axes.grids.map((grid) => ({ ...grid, right: 64 })) : axes.grids;
  const yAxes: NonNullable<EChartsOption['yAxis']> = [
    { type: 'value', gridIndex: 0, name: 'anomaly score', min: 0, max: yMax, ...axisStyle(style) },
  ];
  const series: NonNullable<EChartsOption['series']> = [
    {
      name: 'anomaly score',
      type: 'line',
      xAxisIndex: 0,
      yAxisIndex: 0,
      data: points,
      color: palette.primary,
      showSymbol: false,
      lineStyle: { width: 1 },
      markLine: { symbol: 'none', silent: true, data: markLineData },
      markArea: { silent: true, data: eventAreas as never },
    },
  ];
  if (hasLabels) {
    const strip = labelStrip(downsampleMax(input.labels!, maxPoints));
    yAxes.push(strip.yAxis);
    series.push(strip.series);
  }
  if (input.extra) {
    yAxes.push({ type: 'value', gridIndex: 0, name: input.extra.name, position: 'right', scale: true, ...axisStyle(style), splitLine: { show: false } });
    series.push({
      name: input.extra.name,
      type: 'line',
      xAxisIndex: 0,
      yAxisIndex: yAxes.length - 1,
      data: downsampleMax(input.extra.values, maxPoints),
      color: palette.secondary,
      showSymbol: false,
      lineStyle: { width: 1, opacity: 0.8 },
    });
  }

  const xAxisIndex = hasLabels ? [0, 1] : [0];
  const legend: Array<string | { name: string; icon: string }> = ['anomaly score'];
  if (input.extra) legend.push(input.extra.name);
  if (hasLabels) legend.push({ name: 'labelled anomaly', icon: 'rect' });
  return {
    ...baseOption(style),
    legend: { top: 0, data: legend, textStyle: { color: colors.text } },
    tooltip: style.static ? undefined : { trigger: 'axis' },
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    series,
    dataZoom: style.static ? undefined : [{ type: 'inside', xAxisIndex, filterMode: 'none' }],
  };
}

/** Rounds up to two significant digits, so the axis ends on a readable value (7.4, not 7.3969...). */
export function niceCeiling(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const magnitude = 10 ** (Math.floor(Math.log10(value)) - 1);
  // toPrecision drops the float noise of the multiplication (7.4000000000000004)
  return Number((Math.ceil(value / magnitude) * magnitude).toPrecision(12));
}
