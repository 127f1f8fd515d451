import type { EChartsOption } from 'echarts';
import { axisStyle, palette, type ChartStyle } from './style';

/**
 * The layout the row-based charts share: a main plot over row numbers and, with labels, a thin
 * strip under it where labelled rows show as a band; both grids use the same row axis.
 */
export function rowAxes(hasLabels: boolean, lastRow: number, style: ChartStyle, top: number) {
  const xCommon = { type: 'value' as const, min: 0, max: lastRow, ...axisStyle(style) };
  const grids = hasLabels
    ? [
        { left: 64, right: 24, top, bottom: 72 },
        { left: 64, right: 24, height: 14, bottom: 36 },
      ]
    : [{ left: 64, right: 24, top, bottom: 40 }];
  const xAxes: NonNullable<EChartsOption['xAxis']> = hasLabels
    ? [
        { ...xCommon, gridIndex: 0, axisLabel: { show: false }, splitLine: { show: false } },
        { ...xCommon, gridIndex: 1, name: 'row', nameLocation: 'middle' as const, nameGap: 22, splitLine: { show: false } },
      ]
    : [{ ...xCommon, gridIndex: 0, name: 'row', nameLocation: 'middle' as const, nameGap: 24, splitLine: { show: false } }];
  return { grids, xAxes };
}

/** The strip's own y axis and the series that draws labelled rows as a band in it. */
export function labelStrip(data: Array<[number, number]>) {
  return {
    yAxis: { type: 'value' as const, gridIndex: 1, min: 0, max: 1, show: false },
    series: {
      name: 'labelled anomaly',
      type: 'line' as const,
      xAxisIndex: 1,
      yAxisIndex: 1,
      step: 'end' as const,
      data,
      showSymbol: false,
      lineStyle: { width: 0 },
      color: palette.label,
      areaStyle: { color: palette.label, opacity: 0.85 },
    },
  };
}
