export { anomalyChart, partitionBoundaries, type AnomalyChartInput, type Partition } from './anomaly-chart';
export { confusionChart } from './confusion-chart';
export { contributionChart, topContributions, type Contribution } from './contribution-chart';
export { downsampleMax, runsOf } from './downsample';
export { bucketCount, bucketStartRow, heatmapChart, heatmapGridLeft, heatmapGridRight, type HeatmapGrid } from './heatmap-chart';
export { lossChart, type LossHistory } from './loss-chart';
export { overviewChart, partBands, partColors, type OverviewChartInput } from './overview-chart';
export { nearestThreshold, thresholdCurveChart, type ThresholdCurveChartInput } from './threshold-curve-chart';
export { baseOption, palette, sequentialRamp, sequentialRampDark, type ChartStyle, type ChartTheme } from './style';
