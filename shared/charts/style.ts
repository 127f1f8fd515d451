/**
 * Colours and text styles shared by every chart builder. The same builders run in the renderer and
 * in the host's server-side SVG report, so everything here is plain data: no DOM, no callbacks that
 * need a browser.
 */
export type ChartTheme = 'light' | 'dark';

export interface ChartStyle {
  /** For the report: no animation, no interactive zoom (nothing to interact with in an SVG). */
  static?: boolean;
  theme?: ChartTheme;
}

export interface ThemeColors {
  text: string;
  mutedText: string;
  axisLine: string;
  splitLine: string;
  background: string;
}

const themes: Record<ChartTheme, ThemeColors> = {
  light: { text: '#1f2933', mutedText: '#52606d', axisLine: '#9aa5b1', splitLine: '#e4e7eb', background: 'transparent' },
  dark: { text: '#e4e7eb', mutedText: '#9aa5b1', axisLine: '#616e7c', splitLine: '#323f4b', background: 'transparent' },
};

export function themeColors(style: ChartStyle = {}): ThemeColors {
  return themes[style.theme ?? 'light'];
}

/**
 * Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. Blue for the
 * main series, orange for the second, vermillion only for labels (ground truth), sky blue for alarms.
 */
export const palette = {
  primary: '#0072B2',
  secondary: '#E69F00',
  label: '#D55E00',
  alarm: '#56B4E9',
  threshold: '#CC79A7',
  neutral: '#999999',
};

/**
 * A sequential, single-direction ramp (ColorBrewer YlOrRd): lightness falls steadily with value, so
 * order reads correctly in greyscale and for colour-blind users. Never a rainbow.
 */
export const sequentialRamp = ['#ffffcc', '#ffeda0', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#b10026'];

/** Settings every builder starts from; `animation: false` for static (report) rendering. */
export function baseOption(style: ChartStyle = {}) {
  const colors = themeColors(style);
  return {
    animation: !style.static,
    backgroundColor: colors.background,
    textStyle: { color: colors.text, fontFamily: 'system-ui, -apple-system, "Segoe UI", sans-serif' },
  };
}

export function axisStyle(style: ChartStyle = {}) {
  const colors = themeColors(style);
  return {
    axisLine: { lineStyle: { color: colors.axisLine } },
    axisLabel: { color: colors.mutedText },
    splitLine: { lineStyle: { color: colors.splitLine } },
    nameTextStyle: { color: colors.mutedText },
  };
}

/** The dark theme's ramp runs from the background towards light, so low error recedes on both themes. */
export const sequentialRampDark = ['#1d1a2f', '#3b1f4a', '#63254f', '#8c2f4a', '#b4443a', '#d56a2a', '#ec9a2a', '#f7d25c'];
