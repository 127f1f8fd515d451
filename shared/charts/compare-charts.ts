import type { EChartsOption } from 'echarts';
import { axisStyle, baseOption, themeColors, type ChartStyle } from './style';

/**
 * One colour per compared run, in Okabe-Ito order (distinguishable with the common colour-vision
 * deficiencies); a run keeps its colour in both charts. Black and yellow are left out: one
 * vanishes on the dark theme, the other on the light one.
 */
export const runColors = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999999'];
export const runColor = (index: number) => runColors[index % runColors.length]!;

export interface ComparedHistory {
  /** the run's name in the legend, unique among the compared runs */
  name: string;
  loss: ArrayLike<number>;
  valLoss: ArrayLike<number>;
}

export interface ComparedScores {
  name: string;
  /** bins + 1 ascending edges */
  edges: ArrayLike<number>;
  /** every scored row, per bin */
  all: ArrayLike<number>;
  /** the labelled test rows per bin; null without labels */
  testAnomaly: ArrayLike<number> | null;
  threshold: number;
}

/** Room above the plot for the legend, then the axis name. */
const chartGrid = { left: 56, right: 24, top: 60, bottom: 40 };

/** One legend entry per run; what its dashed and dotted lines mean, the axis names say. */
function runLegend(runs: Array<{ name: string }>, style: ChartStyle) {
  return { type: 'scroll' as const, top: 0, data: runs.map((run) => run.name), textStyle: { color: themeColors(style).text } };
}

/** Loss spreads this far apart (largest / smallest) before the axis turns logarithmic. */
const logSpread = 20;

function lossAxisType(values: number[]): 'log' | 'value' {
  if (values.length === 0 || values.some((value) => !(value > 0))) return 'value';
  return Math.max(...values) / Math.min(...values) > logSpread ? 'log' : 'value';
}

/**
 * Training (solid) and validation (dashed) loss per epoch of every run, one colour per run. Runs
 * trained without epochs (PCA, trees) have no curve and are left out. Different models' losses
 * differ by orders of magnitude: the axis turns logarithmic when they do.
 */
export function compareLossChart(runs: ComparedHistory[], style: ChartStyle = {}): EChartsOption {
  const points = (values: ArrayLike<number>) => Array.from(values, (value, i) => [i + 1, value]);
  const series = runs.flatMap((run, i) =>
    run.loss.length === 0
      ? []
      : [
          { name: run.name, type: 'line' as const, data: points(run.loss), color: runColor(i), showSymbol: run.loss.length < 30 },
          {
            name: `${run.name} · validation`,
            type: 'line' as const,
            data: points(run.valLoss),
            color: runColor(i),
            lineStyle: { type: 'dashed' as const },
            showSymbol: run.valLoss.length < 30,
          },
        ],
  );
  const values = runs.flatMap((run) => [...Array.from(run.loss), ...Array.from(run.valLoss)]);
  return {
    ...baseOption(style),
    legend: runLegend(runs.filter((run) => run.loss.length > 0), style),
    tooltip: style.static ? undefined : { trigger: 'axis' },
    grid: chartGrid,
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, minInterval: 1, min: 1, ...axisStyle(style) },
    yAxis: { type: lossAxisType(values), name: 'loss (dashed: validation)', scale: true, ...axisStyle(style) },
    series,
  };
}

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((total, value) => total + value, 0);

/** Each bin's share of the counted rows, in percent, at the bin's centre. */
function shares(edges: ArrayLike<number>, counts: ArrayLike<number>): number[][] {
  const total = sum(counts) || 1;
  return Array.from(counts, (count, i) => [(edges[i]! + edges[i + 1]!) / 2, (100 * count) / total]);
}

/**
 * How each run's scores spread: the share of rows per score bin (solid, lightly filled), the
 * labelled test rows' own distribution (dashed) when there are labels, and the run's threshold
 * (dotted) in the same colour. Shares rather than counts, so runs over different rows compare.
 */
export function scoreDistributionChart(runs: ComparedScores[], style: ChartStyle = {}): EChartsOption {
  const series = runs.flatMap((run, i) => {
    const color = runColor(i);
    const threshold = {
      symbol: 'none',
      silent: true,
      label: { show: false },
      lineStyle: { color, type: 'dotted' as const, width: 2 },
      data: [{ name: 'threshold', xAxis: run.threshold }],
    };
    const all = { name: run.name, type: 'line' as const, step: 'middle' as const, data: shares(run.edges, run.all), color, showSymbol: false, areaStyle: { opacity: 0.08 }, markLine: threshold };
    if (!run.testAnomaly || sum(run.testAnomaly) === 0) return [all];
    const labelled = {
      name: `${run.name} · labelled test rows`,
      type: 'line' as const,
      step: 'middle' as const,
      data: shares(run.edges, run.testAnomaly),
      color,
      showSymbol: false,
      lineStyle: { type: 'dashed' as const },
    };
    return [all, labelled];
  });
  return {
    ...baseOption(style),
    legend: runLegend(runs, style),
    tooltip: style.static ? undefined : { trigger: 'axis' },
    grid: chartGrid,
    xAxis: { type: 'value', name: 'score (dotted: threshold)', nameLocation: 'middle', nameGap: 26, scale: true, ...axisStyle(style) },
    yAxis: { type: 'value', name: 'share of rows, % (dashed: labelled test rows)', min: 0, ...axisStyle(style) },
    series,
  };
}
