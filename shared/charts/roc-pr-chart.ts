import type { EChartsOption } from 'echarts';
import type { Confusion } from '../domain/results';
import { axisStyle, baseOption, palette, themeColors, type ChartStyle } from './style';

/** Where the threshold in force sits on both curves, from its confusion counts; null where a rate is undefined. */
export function operatingPoint(c: Confusion): { fpr: number | null; tpr: number | null; precision: number | null } {
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  return { fpr: ratio(c.fp, c.fp + c.tn), tpr: ratio(c.tp, c.tp + c.fn), precision: ratio(c.tp, c.tp + c.fp) };
}

export interface CurveChartInput {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** the area under the curve, printed in the legend */
  auc: number | null;
  /** the threshold in force, marked on the curve */
  point: { x: number; y: number } | null;
}

const pairs = (x: ArrayLike<number>, y: ArrayLike<number>) => Array.from({ length: x.length }, (_, i) => [x[i], y[i]]);

/** A curve in the unit square with the threshold's point on it and a dashed reference (chance) line. */
function unitCurve(
  input: CurveChartInput,
  names: { curve: string; x: string; y: string; reference: string },
  reference: number[][],
  style: ChartStyle,
): EChartsOption {
  const colors = themeColors(style);
  const curveName = input.auc === null ? names.curve : `${names.curve} (area ${input.auc.toFixed(3)})`;
  const unitAxis = (name: string) => ({
    type: 'value' as const,
    min: 0,
    max: 1,
    name,
    nameLocation: 'middle' as const,
    nameGap: 26,
    ...axisStyle(style),
  });
  const series: NonNullable<EChartsOption['series']> = [
    {
      name: curveName,
      type: 'line',
      data: pairs(input.x, input.y),
      color: palette.primary,
      showSymbol: false,
      lineStyle: { width: 2 },
      areaStyle: { color: palette.primary, opacity: 0.08 },
    },
    {
      name: names.reference,
      type: 'line',
      data: reference,
      color: palette.neutral,
      showSymbol: false,
      silent: true,
      lineStyle: { width: 1, type: 'dashed' },
    },
  ];
  if (input.point) {
    series.push({
      name: 'threshold',
      type: 'line',
      data: [[input.point.x, input.point.y]],
      color: palette.threshold,
      symbolSize: 10,
      label: { show: true, formatter: 'threshold', position: 'right', color: colors.text },
    });
  }
  return {
    ...baseOption(style),
    legend: { top: 0, data: series.map((s) => s.name as string), textStyle: { color: colors.text } },
    tooltip: style.static ? undefined : { trigger: 'item' },
    grid: { left: 48, right: 24, top: 32, bottom: 40 },
    xAxis: unitAxis(names.x),
    yAxis: { ...unitAxis(names.y), nameGap: 34 },
    series,
  };
}

/** True positive rate against false positive rate over all thresholds; the diagonal is a detector that guesses. */
export function rocChart(input: CurveChartInput, style: ChartStyle = {}): EChartsOption {
  const names = { curve: 'ROC', x: 'false alarm rate (of normal rows)', y: 'found (of anomaly rows)', reference: 'guessing' };
  return unitCurve(input, names, [[0, 0], [1, 1]], style);
}

/**
 * Precision against recall over all thresholds; the dashed line is the precision of alarming every
 * row (the share of labelled rows), what a detector must beat.
 */
export function prChart(input: CurveChartInput & { positiveRate: number }, style: ChartStyle = {}): EChartsOption {
  const names = { curve: 'precision-recall', x: 'recall', y: 'precision', reference: 'alarm everything' };
  return unitCurve(input, names, [[0, input.positiveRate], [1, input.positiveRate]], style);
}
