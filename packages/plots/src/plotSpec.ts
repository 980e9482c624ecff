import type { TopLevelSpec } from 'vega-lite';

/** A vega-lite specification (what every builder returns; edit it freely before rendering). */
export type PlotSpec = TopLevelSpec;

/** Numbers as a typed array or a plain array. */
export type NumberArray = ArrayLike<number>;

/** Shared look: white background, sans-serif text, no chart border (fonts resvg finds on any system). */
export const PLOT_CONFIG = {
  background: 'white',
  font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridOpacity: 0.4 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 13 },
} as const;

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
