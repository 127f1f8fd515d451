import type { EChartsOption } from 'echarts';
import type { Confusion } from '../domain/results';
import { baseOption, sequentialRamp, sequentialRampDark, themeColors, type ChartStyle } from './style';

/**
 * The confusion matrix as a 2 x 2 grid: columns are what the detector said, rows what the labels
 * say. Cells are coloured by count on the sequential scale and labelled with the count.
 */
export function confusionChart(metrics: Confusion, style: ChartStyle = {}): EChartsOption {
  const colors = themeColors(style);
  const cells: Array<[number, number, number]> = [
    [0, 0, metrics.tn],
    [1, 0, metrics.fp],
    [0, 1, metrics.fn],
    [1, 1, metrics.tp],
  ];
  const max = Math.max(1, metrics.tn, metrics.fp, metrics.fn, metrics.tp);
  const axis = (name: string) => ({
    type: 'category' as const,
    data: ['normal', 'anomaly'],
    name,
    nameLocation: 'middle' as const,
    nameGap: 28,
    nameTextStyle: { color: colors.mutedText },
    axisLabel: { color: colors.text },
    axisLine: { show: false },
    axisTick: { show: false },
  });
  return {
    ...baseOption(style),
    grid: { left: 84, right: 16, top: 8, bottom: 44 },
    xAxis: axis('detector says'),
    yAxis: { ...axis('labels say'), inverse: true },
    visualMap: {
      show: false,
      min: 0,
      max,
      inRange: { color: (style.theme === 'dark' ? sequentialRampDark : sequentialRamp).slice(0, 6) },
    },
    series: [
      {
        name: 'rows',
        type: 'heatmap',
        data: cells,
        label: { show: true, fontSize: 16, color: '#1f2933', textBorderColor: '#ffffff', textBorderWidth: 2 },
        itemStyle: { borderColor: colors.splitLine, borderWidth: 2 },
      },
    ],
  };
}
