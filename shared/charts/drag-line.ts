import type { EChartsOption } from 'echarts';
import { palette } from './style';

/** A plot's drawing area in pixels from the chart's top left corner. */
export interface PlotRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

type GridOption = { left?: unknown; right?: unknown; top?: unknown; bottom?: unknown; height?: unknown };
const pixels = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/**
 * The first grid's drawing area, from the numeric margins our builders give it (left, right, top,
 * and bottom or height), in a chart of `size`; null when the option has no such grid.
 */
export function plotRect(option: EChartsOption, size: { width: number; height: number }): PlotRect | null {
  const grid = (Array.isArray(option.grid) ? option.grid[0] : option.grid) as GridOption | undefined;
  if (!grid) return null;
  const [left, right, top] = [pixels(grid.left), pixels(grid.right), pixels(grid.top)];
  if (left === null || right === null || top === null) return null;
  const height = pixels(grid.height) ?? size.height - top - (pixels(grid.bottom) ?? 0);
  return { x: left, y: top, width: Math.max(0, size.width - left - right), height: Math.max(0, height) };
}

/** The element's id in the chart, so a later placement replaces it. */
export const dragLineId = 'drag-line';

/**
 * A horizontal line across the plot at pixel height `y` that the user drags up and down: a grip
 * band wider than the line (easy to catch), the line and a label at its left end. Plain data; the
 * chart wrapper moves it and reads where it was dropped.
 */
export function dragLineGraphic(rect: PlotRect, y: number, label: string, color = palette.threshold) {
  const grip = 10;
  return {
    id: dragLineId,
    type: 'group' as const,
    x: 0,
    y,
    draggable: 'vertical' as const,
    // above the series (ECharts reads z on the drawn elements, not on a group), so the line is what a press catches
    children: [
      { type: 'rect' as const, z: 100, shape: { x: rect.x, y: -grip / 2, width: rect.width, height: grip }, style: { fill: 'transparent' }, cursor: 'ns-resize' },
      {
        type: 'line' as const,
        z: 100,
        shape: { x1: rect.x, y1: 0, x2: rect.x + rect.width, y2: 0 },
        style: { stroke: color, lineWidth: 2, lineDash: [6, 3] },
        cursor: 'ns-resize',
      },
      {
        type: 'text' as const,
        z: 100,
        // at the left end: the series' own line label sits at the right
        x: rect.x + 6,
        y: -5,
        style: { text: `⇕ ${label}`, fill: color, align: 'left' as const, verticalAlign: 'bottom' as const, font: '12px system-ui, sans-serif' },
        cursor: 'ns-resize',
      },
    ],
  };
}

/** Keeps a dragged height inside the plot. */
export function clampToPlot(y: number, rect: PlotRect): number {
  return Math.min(rect.y + rect.height, Math.max(rect.y, y));
}
