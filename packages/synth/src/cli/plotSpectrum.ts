// Node-side plotting for the CLI: vega-lite spec → vega → SVG string → (resvg) PNG bytes.
import { compile } from 'vega-lite';
import { parse, View } from 'vega';

export interface PlotOptions {
  title?: string;
  /** Wavelength window [Å]; default the whole spectrum. */
  from?: number;
  to?: number;
  width?: number;
  height?: number;
}

/** SVG text of a line plot of a normalised spectrum. */
export async function spectrumSvg(
  wavelength: Float64Array,
  flux: Float32Array,
  opts: PlotOptions = {},
): Promise<string> {
  const from = opts.from ?? (wavelength[0] as number);
  const to = opts.to ?? (wavelength[wavelength.length - 1] as number);
  const values: { wavelength: number; flux: number }[] = [];
  for (let i = 0; i < wavelength.length; i++) {
    const w = wavelength[i] as number;
    if (w >= from && w <= to) values.push({ wavelength: w, flux: flux[i] as number });
  }
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: opts.title ?? '',
    width: opts.width ?? 1200,
    height: opts.height ?? 300,
    background: 'white',
    data: { values },
    mark: { type: 'line' as const, strokeWidth: 0.6, clip: true },
    encoding: {
      x: {
        field: 'wavelength',
        type: 'quantitative' as const,
        title: 'wavelength [Å]',
        scale: { domain: [from, to], nice: false },
      },
      y: { field: 'flux', type: 'quantitative' as const, title: 'normalised flux', scale: { domain: [0, 1.05] } },
    },
  };
  const vg = compile(spec as Parameters<typeof compile>[0]).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** PNG bytes of an SVG (resvg, white background). */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const r = new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: 1.5 } });
  return r.render().asPng();
}
