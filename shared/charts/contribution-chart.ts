import type { EChartsOption } from 'echarts';
import { axisStyle, baseOption, palette, themeColors, type ChartStyle } from './style';

export interface Contribution {
  signal: string;
  /** share of the event's (or the run's) error, 0..1 */
  share: number;
}

/** The `limit` largest shares, largest first. */
export function topContributions<T extends Contribution>(contributions: T[], limit = 10): T[] {
  return [...contributions].sort((a, b) => b.share - a.share).slice(0, limit);
}

/** Horizontal bars: each signal's share of the error in percent, the largest on top, at most 10. */
export function contributionChart(contributions: Contribution[], style: ChartStyle = {}, limit = 10): EChartsOption {
  const colors = themeColors(style);
  const top = topContributions(contributions, limit);
  return {
    ...baseOption(style),
    tooltip: style.static ? undefined : { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 140, right: 56, top: 8, bottom: 32 },
    xAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value}%', color: colors.mutedText }, name: 'share of error', nameLocation: 'middle', nameGap: 22, axisLine: axisStyle(style).axisLine, splitLine: axisStyle(style).splitLine, nameTextStyle: { color: colors.mutedText } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: top.map((c) => c.signal),
      ...axisStyle(style),
      axisLabel: { color: colors.mutedText, width: 130, overflow: 'truncate' },
    },
    series: [
      {
        name: 'share of error',
        type: 'bar',
        color: palette.primary,
        // percent with one decimal, computed here so no formatter callback is needed
        data: top.map((c) => Math.round(c.share * 1000) / 10),
        label: { show: true, position: 'right', formatter: '{c}%', color: colors.text },
        barMaxWidth: 22,
      },
    ],
  };
}
