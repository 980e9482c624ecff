import { compile } from 'vega-lite';
import { parse, View } from 'vega';
import { PlotError } from './errors';
import type { PlotSpec } from './plotSpec';

/**
 * Renders a vega-lite spec to an SVG string headlessly (vega-lite compile → vega View with no renderer →
 * toSVG): no browser, no canvas. Text is laid out with vega's built-in font metrics.
 */
export async function renderSvg(spec: PlotSpec): Promise<string> {
  if (spec === null || typeof spec !== 'object') {
    throw new PlotError(
      `Argument 'spec' passed to 'renderSvg' must be a vega-lite spec object; got ${spec === null ? 'null' : typeof spec}`,
    );
  }
  let view: View | undefined;
  try {
    const vegaSpec = compile(spec).spec;
    view = new View(parse(vegaSpec), { renderer: 'none', logLevel: 0 });
    return await view.toSVG();
  } catch (e) {
    throw new PlotError(`renderSvg: vega could not render the spec: ${(e as Error).message}`);
  } finally {
    view?.finalize();
  }
}
