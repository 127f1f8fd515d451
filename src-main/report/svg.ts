import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';

/** Server-side SVG rendering of the same option builders the renderer draws (ECharts SSR). */
export function renderSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
