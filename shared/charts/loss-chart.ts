import type { EChartsOption } from 'echarts';
import { axisStyle, baseOption, palette, themeColors, type ChartStyle } from './style';

export interface LossHistory {
  loss: number[];
  valLoss: number[];
}

/** Training and validation loss per epoch (1-based); a vertical line marks the restored best epoch. */
export function lossChart(history: LossHistory, bestEpoch?: number | null, style: ChartStyle = {}): EChartsOption {
  const colors = themeColors(style);
  const toPoints = (values: number[]) => values.map((value, i) => [i + 1, value]);
  const bestLine =
    bestEpoch != null && bestEpoch > 0
      ? {
          symbol: 'none',
          silent: true,
          lineStyle: { color: palette.neutral, type: 'dashed' as const },
          label: { formatter: 'best epoch', color: colors.mutedText },
          data: [{ xAxis: bestEpoch }],
        }
      : undefined;
  return {
    ...baseOption(style),
    legend: { data: ['training loss', 'validation loss'], textStyle: { color: colors.text }, top: 0 },
    tooltip: style.static ? undefined : { trigger: 'axis' },
    grid: { left: 56, right: 24, top: 32, bottom: 40 },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, minInterval: 1, min: 1, ...axisStyle(style) },
    yAxis: { type: 'value', name: 'loss', scale: true, ...axisStyle(style) },
    series: [
      {
        name: 'training loss',
        type: 'line',
        data: toPoints(history.loss),
        color: palette.primary,
        showSymbol: history.loss.length < 60,
        markLine: bestLine,
      },
      {
        name: 'validation loss',
        type: 'line',
        data: toPoints(history.valLoss),
        color: palette.secondary,
        lineStyle: { type: 'dashed' },
        showSymbol: history.valLoss.length < 60,
      },
    ],
  };
}
