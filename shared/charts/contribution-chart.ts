import type { EChartsOption } from 'echarts';
import { axisStyle, baseOption, palette, themeColors, type ChartStyle } from './style';

export interface Contribution {
  signal: string;
  /** share of the event's (or the run's) error, 0..1 */
  share: number;
  /** the signal's error divided by its typical training error; needed for the 'normalised' measure */
  normalisedError?: number;
}

/**
 * What the bars show: each signal's share of the raw error, or its error in multiples of its typical
 * training error (signals of small scale that broke badly rank high there).
 */
export type ContributionMeasure = 'share' | 'normalised';

const measureOf = (measure: ContributionMeasure) => (c: Contribution) => (measure === 'share' ? c.share : (c.normalisedError ?? 0));

/** The `limit` largest contributions by the measure, largest first. */
export function topContributions<T extends Contribution>(contributions: T[], limit = 10, measure: ContributionMeasure = 'share'): T[] {
  const value = measureOf(measure);
  return [...contributions].sort((a, b) => value(b) - value(a)).slice(0, limit);
}

/** Horizontal bars, the largest on top, at most `limit`: each signal's share of the error in percent, or its normalised error. */
export function contributionChart(
  contributions: Contribution[],
  style: ChartStyle = {},
  limit = 10,
  measure: ContributionMeasure = 'share',
): EChartsOption {
  const colors = themeColors(style);
  const top = topContributions(contributions, limit, measure);
  const share = measure === 'share';
  const name = share ? 'share of error' : 'error ÷ typical training error';
  // rounded here so no formatter callback is needed: percent with one decimal, or three significant digits
  const data = top.map((c) => (share ? Math.round(c.share * 1000) / 10 : Number((c.normalisedError ?? 0).toPrecision(3))));
  return {
    ...baseOption(style),
    tooltip: style.static ? undefined : { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 140, right: 56, top: 8, bottom: 32 },
    xAxis: {
      type: 'value',
      min: 0,
      axisLabel: { formatter: share ? '{value}%' : '{value}×', color: colors.mutedText },
      name,
      nameLocation: 'middle',
      nameGap: 22,
      axisLine: axisStyle(style).axisLine,
      splitLine: axisStyle(style).splitLine,
      nameTextStyle: { color: colors.mutedText },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: top.map((c) => c.signal),
      ...axisStyle(style),
      axisLabel: { color: colors.mutedText, width: 130, overflow: 'truncate' },
      // a click on a signal's name reaches the view, like a click on its bar
      triggerEvent: !style.static,
    },
    series: [
      {
        name,
        type: 'bar',
        color: share ? palette.primary : palette.secondary,
        data,
        label: { show: true, position: 'right', formatter: share ? '{c}%' : '{c}×', color: colors.text },
        barMaxWidth: 22,
      },
    ],
  };
}
