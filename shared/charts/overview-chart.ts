import type { EChartsOption } from 'echarts';
import { labelStrip, rowAxes } from './row-axes';
import type { Overview } from '../ipc/datasets';
import { partitionBoundaries, type Partition } from './anomaly-chart';
import { axisStyle, baseOption, palette, themeColors, type ChartStyle } from './style';

export interface OverviewChartInput {
  overview: Overview;
  /** time-ordered parts to draw as bands; null draws none (a random split, or a cut not yet placed) */
  partition: Partition | null;
}

/** The colour of each part's band: the same hues in both themes, light enough to read the signal through. */
export const partColors = { train: palette.primary, validation: palette.secondary, test: palette.neutral } as const;

/** [start row, end row) of each non-empty time-ordered part. */
export function partBands(partition: Partition | null, rows: number): Array<{ part: keyof typeof partColors; start: number; end: number }> {
  if (!partition) return [];
  const trainEnd = Math.max(0, Math.min(rows, partition.trainEnd));
  const validationEnd = Math.max(trainEnd, Math.min(rows, partition.validationEnd));
  const bands = [
    { part: 'train' as const, start: 0, end: trainEnd },
    { part: 'validation' as const, start: trainEnd, end: validationEnd },
    { part: 'test' as const, start: validationEnd, end: rows },
  ];
  return bands.filter((band) => band.end > band.start);
}

/**
 * One signal over the whole file as a min/max envelope per bucket (so a spike in a million rows still
 * shows), the split as coloured bands behind it with a line at each boundary, and, when labels were
 * asked for, a strip under the plot where labelled rows are a red band. The x axis counts rows.
 */
export function overviewChart(input: OverviewChartInput, style: ChartStyle = {}): EChartsOption {
  const colors = themeColors(style);
  const { overview } = input;
  const rows = overview.rowCount;
  const lastRow = Math.max(0, rows - 1);
  const at = (b: number) => b * overview.bucketSize;
  const hasLabels = overview.labels != null && overview.labels.length > 0;

  // the envelope: an invisible line at the minimum, and the range (max - min) stacked on it as an area
  const lower: Array<[number, number | null]> = overview.min.map((min, b) => [at(b), min]);
  const range: Array<[number, number | null]> = overview.max.map((max, b) => {
    const min = overview.min[b];
    return [at(b), max === null || min === null ? null : max - min];
  });

  const bands = partBands(input.partition, rows).map((band) => [
    {
      name: band.part,
      xAxis: band.start,
      itemStyle: { color: partColors[band.part], opacity: band.part === 'test' ? 0.14 : 0.18 },
      label: { show: true, position: 'insideTop' as const, color: colors.mutedText, formatter: band.part },
    },
    { xAxis: Math.min(lastRow, band.end) },
  ]);
  const boundaries = partitionBoundaries(input.partition, rows).map((boundary) => ({
    name: boundary.name,
    xAxis: boundary.row,
    lineStyle: { color: colors.mutedText, type: 'dashed' as const, width: 1.5 },
    label: { show: false },
  }));

  const { grids, xAxes } = rowAxes(hasLabels, lastRow, style, 24);
  const yAxes: NonNullable<EChartsOption['yAxis']> = [{ type: 'value', gridIndex: 0, name: overview.column, scale: true, ...axisStyle(style) }];

  const series: NonNullable<EChartsOption['series']> = [
    {
      name: 'min',
      type: 'line',
      xAxisIndex: 0,
      yAxisIndex: 0,
      data: lower,
      stack: 'envelope',
      stackStrategy: 'all',
      showSymbol: false,
      lineStyle: { width: 0.5, color: palette.primary },
      color: palette.primary,
      markArea: { silent: true, data: bands as never },
      markLine: { symbol: 'none', silent: true, data: boundaries },
    },
    {
      name: overview.column,
      type: 'line',
      xAxisIndex: 0,
      yAxisIndex: 0,
      data: range,
      stack: 'envelope',
      stackStrategy: 'all',
      showSymbol: false,
      lineStyle: { width: 0.5, color: palette.primary },
      color: palette.primary,
      areaStyle: { color: palette.primary, opacity: 0.55 },
    },
  ];
  if (hasLabels) {
    const strip = labelStrip(overview.labels!.map((label, b) => [at(b), label > 0 ? 1 : 0]) as Array<[number, number]>);
    yAxes.push(strip.yAxis);
    series.push(strip.series);
  }

  return {
    ...baseOption(style),
    legend: {
      top: 0,
      data: hasLabels ? [overview.column, { name: 'labelled anomaly', icon: 'rect' }] : [overview.column],
      textStyle: { color: colors.text },
    },
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    series,
    dataZoom: style.static ? undefined : [{ type: 'inside', xAxisIndex: hasLabels ? [0, 1] : [0], filterMode: 'none' }],
  };
}
