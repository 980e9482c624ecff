import { Resvg } from '@resvg/resvg-js';
import { PlotError } from './errors';
import type { PlotSpec } from './plotSpec';
import { renderSvg } from './renderSvg';

export interface RenderPngOptions {
  /** Output width in pixels (height keeps the aspect ratio). Default: twice the SVG's width (crisp on HiDPI). */
  width?: number;
  /** Background colour (default 'white'). */
  background?: string;
}

/** Rasterises a vega-lite spec, or an SVG string, to PNG bytes with resvg (system fonts; no browser). */
export async function renderPng(input: PlotSpec | string, opts: RenderPngOptions = {}): Promise<Uint8Array> {
  const svg = typeof input === 'string' ? input : await renderSvg(input);
  if (!svg.includes('<svg'))
    throw new PlotError(
      `Argument 'input' passed to 'renderPng' must be a spec or an SVG string; got a string without '<svg'`,
    );
  if (opts.width !== undefined && !(Number.isInteger(opts.width) && opts.width > 0 && opts.width <= 16_384)) {
    throw new PlotError(`Option 'width' passed to 'renderPng' must be an integer in [1, 16384]; got ${opts.width}`);
  }
  const svgWidth = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? NaN);
  const width = opts.width ?? (Number.isFinite(svgWidth) ? Math.round(2 * svgWidth) : 1200);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: opts.background ?? 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return new Uint8Array(resvg.render().asPng());
}
