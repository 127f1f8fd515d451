import type { EChartsOption } from 'echarts';
import type { ThresholdCurve } from '../ipc/results';
import { axisStyle, baseOption, palette, themeColors, type ChartStyle } from './style';

export interface ThresholdCurveChartInput {
  curve: ThresholdCurve;
  /** the threshold in force, marked on the curve */
  threshold: number;
}

/** The curve's threshold closest to `x`: where a click on the chart sets a manual threshold. */
export function nearestThreshold(thresholds: ArrayLike<number>, x: number): number | null {
  let best: number | null = null;
  for (let i = 0; i < thresholds.length; i++) {
    if (best === null || Math.abs(thresholds[i] - x) < Math.abs(best - x)) best = thresholds[i];
  }
  return best;
}

/**
 * Precision, recall and F1 over the candidate thresholds (x), with the cost on a right axis when
 * the curve has one; vertical lines mark the threshold in force and the best F1. The lowest
 * candidate lies below every score by construction (everything alarms), often far below the rest,
 * so the axis starts at the next one rather than squeezing the curve to one side.
 */
export function thresholdCurveChart(input: ThresholdCurveChartInput, style: ChartStyle = {}): EChartsOption {
  const colors = themeColors(style);
  const { curve } = input;
  const n = curve.thresholds.length;
  const points = (values: ArrayLike<number>) => Array.from({ length: n }, (_, i) => [curve.thresholds[i], values[i]]);
  const line = (name: string, values: ArrayLike<number>, color: string, type: 'solid' | 'dashed' | 'dotted') => ({
    name,
    type: 'line' as const,
    data: points(values),
    color,
    showSymbol: false,
    lineStyle: { width: name === 'F1' ? 2 : 1, type },
  });
  const markers = [
    {
      name: 'threshold',
      xAxis: input.threshold,
      lineStyle: { color: palette.threshold, type: 'solid' as const, width: 2 },
      label: { formatter: 'threshold', position: 'insideEndTop' as const, color: colors.text },
    },
    {
      name: 'best F1',
      xAxis: curve.thresholds[curve.bestF1],
      lineStyle: { color: palette.neutral, type: 'dashed' as const },
      label: { formatter: 'best F1', position: 'insideEndBottom' as const, color: colors.mutedText },
    },
  ];
  const series: NonNullable<EChartsOption['series']> = [
    { ...line('F1', curve.f1, palette.primary, 'solid'), markLine: { symbol: 'none', silent: true, data: markers } },
    line('precision', curve.precision, palette.secondary, 'dashed'),
    line('recall', curve.recall, palette.neutral, 'dotted'),
  ];
  const yAxes: NonNullable<EChartsOption['yAxis']> = [{ type: 'value', min: 0, max: 1, ...axisStyle(style) }];
  if (curve.cost) {
    yAxes.push({ type: 'value', name: 'cost', position: 'right', scale: true, ...axisStyle(style), splitLine: { show: false } });
    series.push({ ...line('cost', curve.cost, palette.alarm, 'solid'), yAxisIndex: 1 });
  }
  return {
    ...baseOption(style),
    legend: { top: 0, data: series.map((s) => s.name as string), textStyle: { color: colors.text } },
    tooltip: style.static ? undefined : { trigger: 'axis' },
    grid: { left: 48, right: curve.cost ? 64 : 24, top: 32, bottom: 40 },
    xAxis: {
      type: 'value',
      name: `threshold (${curve.rows} rows)`,
      nameLocation: 'middle',
      nameGap: 26,
      min: n > 2 ? curve.thresholds[n - 2] : undefined,
      ...axisStyle(style),
      // that start is a score, not a round number: its label would be a long one
      axisLabel: { ...axisStyle(style).axisLabel, showMinLabel: false },
    },
    yAxis: yAxes,
    series,
  };
}
