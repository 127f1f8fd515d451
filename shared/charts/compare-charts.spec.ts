import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { compareLossChart, runColor, scoreDistributionChart, type ComparedScores } from './compare-charts';
import { themeColors } from './style';

type AnyRecord = Record<string, any>;
const seriesOf = (option: AnyRecord): AnyRecord[] => option.series as AnyRecord[];

const dense = { name: '#2 dense-relu', loss: Float64Array.from([0.9, 0.5, 0.4]), valLoss: Float64Array.from([1, 0.6, 0.5]) };
const pca = { name: '#1 pca', loss: new Float64Array(0), valLoss: new Float64Array(0) };

function scores(name: string, labelled: boolean): ComparedScores {
  return {
    name,
    edges: Float64Array.from([0, 1, 2, 3, 4]),
    all: Float64Array.from([50, 30, 15, 5]),
    testAnomaly: labelled ? Float64Array.from([0, 1, 1, 2]) : null,
    threshold: 2.5,
  };
}

describe('compareLossChart', () => {
  it('overlays training and dashed validation loss per run in the run colour, leaving out runs without epochs', () => {
    const option = compareLossChart([pca, dense, { ...dense, name: '#3 dense-relu' }]) as AnyRecord;
    const series = seriesOf(option);
    expect(series.map((s) => s.name)).toEqual(['#2 dense-relu', '#2 dense-relu · validation', '#3 dense-relu', '#3 dense-relu · validation']);
    // colours follow the run's place among the compared runs, so both charts agree
    expect(series.map((s) => s.color)).toEqual([runColor(1), runColor(1), runColor(2), runColor(2)]);
    expect(series[1]!.lineStyle.type).toBe('dashed');
    expect(series[0]!.data).toEqual([
      [1, 0.9],
      [2, 0.5],
      [3, 0.4],
    ]);
    // one legend entry per drawn run; the axis name says what dashed means
    expect(option.legend.data).toEqual(['#2 dense-relu', '#3 dense-relu']);
    expect(option.yAxis.name).toContain('dashed: validation');
    expect(option.yAxis.type).toBe('value');
  });

  it('turns the loss axis logarithmic when the runs lie orders of magnitude apart', () => {
    const far = { name: '#4 vae', loss: Float64Array.from([900, 400]), valLoss: Float64Array.from([950, 420]) };
    expect((compareLossChart([dense, far]) as AnyRecord).yAxis.type).toBe('log');
  });
});

describe('scoreDistributionChart', () => {
  it('draws each run as shares of its rows per bin at the bin centres, with its threshold', () => {
    const option = scoreDistributionChart([scores('#1 pca', false)]) as AnyRecord;
    const [all] = seriesOf(option);
    expect(seriesOf(option)).toHaveLength(1);
    expect(all!.data).toEqual([
      [0.5, 50],
      [1.5, 30],
      [2.5, 15],
      [3.5, 5],
    ]);
    expect(all!.markLine.data).toEqual([{ name: 'threshold', xAxis: 2.5 }]);
    expect(all!.markLine.lineStyle.color).toBe(runColor(0));
  });

  it('adds the labelled test rows as a dashed line of their own shares', () => {
    const option = scoreDistributionChart([scores('#1 pca', true), scores('#2 dense-relu', true)]) as AnyRecord;
    const series = seriesOf(option);
    expect(series.map((s) => s.name)).toEqual(['#1 pca', '#1 pca · labelled test rows', '#2 dense-relu', '#2 dense-relu · labelled test rows']);
    expect(series[1]!.data.map((point: number[]) => point[1])).toEqual([0, 25, 25, 50]);
    expect(series[3]!.color).toBe(runColor(1));
    expect(series[3]!.lineStyle.type).toBe('dashed');
    expect(option.legend.data).toEqual(['#1 pca', '#2 dense-relu']);
  });
});

describe('compare charts and the theme', () => {
  it('take the theme colours for text and axes', () => {
    const dark = themeColors({ theme: 'dark' });
    for (const option of [compareLossChart([dense], { theme: 'dark' }), scoreDistributionChart([scores('#1', true)], { theme: 'dark' })] as AnyRecord[]) {
      expect(option.textStyle.color).toBe(dark.text);
      expect(option.legend.textStyle.color).toBe(dark.text);
      expect(option.xAxis.axisLabel.color).toBe(dark.mutedText);
    }
  });

  it('render to SVG without a DOM, animation off when static', () => {
    for (const option of [compareLossChart([pca, dense], { static: true }), scoreDistributionChart([scores('#1', true)], { static: true })]) {
      expect((option as AnyRecord).animation).toBe(false);
      const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 300 });
      chart.setOption(option);
      expect(chart.renderToSVGString()).toContain('<svg');
      chart.dispose();
    }
  });
});
