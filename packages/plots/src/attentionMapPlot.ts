import { PlotError } from './errors';
import { checkLength } from './checkInputs';
import { PLOT_CONFIG, VEGA_LITE_SCHEMA, type NumberArray, type PlotSpec } from './plotSpec';

export interface AttentionMapOptions {
  /** Attention weights [layers, heads, M, tokens] row-major (e.g. `await attentionMaps(...).data()` of @astroemu/transformer-payne). */
  values: NumberArray;
  shape: readonly [number, number, number, number];
  /**
   * 'layer-head': rows = every (layer, head), columns = label tokens, at wavelength index `wavelengthIndex`;
   * 'wavelength': rows = wavelengths, columns = tokens, for one `layer` and `head`.
   */
  view: { kind: 'layer-head'; wavelengthIndex: number } | { kind: 'wavelength'; layer: number; head: number };
  /** The M wavelengths in Å (labels the rows / the title). */
  wavelength?: NumberArray;
  title?: string;
  /** 'wavelength' view: at most this many rows (evenly strided; default 200). */
  maxRows?: number;
}

/** Heatmap of cross-attention weights — the TransformerPayne paper's Fig. 9 (one cell per (row, token)). */
export function attentionMapPlot(opts: AttentionMapOptions): PlotSpec {
  const who = 'attentionMapPlot';
  const shape = opts.shape;
  if (!Array.isArray(shape) || shape.length !== 4 || !shape.every((s) => Number.isInteger(s) && s > 0)) {
    throw new PlotError(
      `Argument 'shape' passed to '${who}' must be [layers, heads, M, tokens] of positive integers; got [${shape}]`,
    );
  }
  const [Lyr, H, M, T] = shape;
  checkLength(who, 'values', opts.values, Lyr * H * M * T);
  if (opts.wavelength) checkLength(who, 'wavelength', opts.wavelength, M);
  const at = (l: number, h: number, m: number, t: number) => opts.values[((l * H + h) * M + m) * T + t]!;
  const rows: Array<{ row: string; order: number; token: number; weight: number }> = [];
  let rowTitle: string;
  let title = opts.title;
  const v = opts.view;
  if (v.kind === 'layer-head') {
    checkIndex(who, 'view.wavelengthIndex', v.wavelengthIndex, M);
    for (let l = 0; l < Lyr; l++) {
      for (let h = 0; h < H; h++) {
        for (let t = 0; t < T; t++)
          rows.push({
            row: `block ${l + 1} · head ${h + 1}`,
            order: l * H + h,
            token: t + 1,
            weight: at(l, h, v.wavelengthIndex, t),
          });
      }
    }
    rowTitle = 'Block · head';
    const lam = opts.wavelength?.[v.wavelengthIndex];
    title ??= lam === undefined ? `Attention at wavelength #${v.wavelengthIndex}` : `Attention at ${lam.toFixed(2)} Å`;
  } else if (v.kind === 'wavelength') {
    checkIndex(who, 'view.layer', v.layer, Lyr);
    checkIndex(who, 'view.head', v.head, H);
    const maxRows = opts.maxRows ?? 200;
    const step = Math.max(1, Math.ceil(M / maxRows));
    for (let m = 0; m < M; m += step) {
      const label = opts.wavelength ? opts.wavelength[m]!.toFixed(2) : String(m);
      for (let t = 0; t < T; t++) rows.push({ row: label, order: m, token: t + 1, weight: at(v.layer, v.head, m, t) });
    }
    rowTitle = opts.wavelength ? 'Wavelength (Å)' : 'Wavelength index';
    title ??= `Attention of block ${v.layer + 1}, head ${v.head + 1}`;
  } else {
    throw new PlotError(
      `Option 'view.kind' passed to '${who}' must be 'layer-head' or 'wavelength'; got ${String((v as { kind: unknown }).kind)}`,
    );
  }
  const nRows = new Set(rows.map((r) => r.order)).size;
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    title,
    width: Math.max(160, 22 * T),
    height: Math.min(600, Math.max(120, 12 * nRows)),
    data: { values: rows },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'token', type: 'ordinal', title: 'Label token', axis: { grid: false } },
      y: {
        field: 'row',
        type: 'ordinal',
        title: rowTitle,
        sort: { field: 'order', op: 'min' },
        axis: { grid: false, ...(nRows > 40 ? { labelOverlap: 'greedy' } : {}) },
      },
      color: {
        field: 'weight',
        type: 'quantitative',
        title: 'Attention weight',
        scale: { scheme: 'viridis', domainMin: 0 },
      },
    },
  } as PlotSpec;
}

function checkIndex(who: string, name: string, i: number, n: number): void {
  if (!(Number.isInteger(i) && i >= 0 && i < n))
    throw new PlotError(`Option '${name}' passed to '${who}' must be an integer in [0, ${n}); got ${i}`);
}
