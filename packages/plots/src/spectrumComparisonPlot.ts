import { PlotError } from './errors';
import { checkLength, finiteOrNull, strideIndices } from './checkInputs';
import { PLOT_CONFIG, VEGA_LITE_SCHEMA, type NumberArray, type PlotSpec } from './plotSpec';

export interface SpectrumComparisonOptions {
  wavelength: NumberArray;
  /** The true (grid) spectrum. */
  truth: NumberArray;
  /** One or more predictions on the same wavelengths, e.g. one per emulator. */
  predicted: ReadonlyArray<{ name: string; flux: NumberArray }>;
  /** Zoom to this wavelength range in Å (default: everything). */
  range?: [number, number];
  title?: string;
  /** Draw at most this many wavelengths (evenly strided; default 3000). */
  maxPoints?: number;
  width?: number;
}

/**
 * Predicted vs true spectrum (top) with the residuals predicted − true below (shared wavelength axis) —
 * the TransformerPayne paper's Fig. 1.
 */
export function spectrumComparisonPlot(opts: SpectrumComparisonOptions): PlotSpec {
  const who = 'spectrumComparisonPlot';
  const { wavelength, truth } = opts;
  checkLength(who, 'wavelength', wavelength);
  const M = wavelength.length;
  checkLength(who, 'truth', truth, M);
  if (!opts.predicted?.length)
    throw new PlotError(`Argument 'predicted' passed to '${who}' must hold at least one spectrum; got none`);
  opts.predicted.forEach((p, i) => checkLength(who, `predicted[${i}].flux`, p.flux, M));
  const [lo, hi] = opts.range ?? [wavelength[0]!, wavelength[M - 1]!];
  const inRange: number[] = [];
  for (let i = 0; i < M; i++) if (wavelength[i]! >= lo && wavelength[i]! <= hi) inRange.push(i);
  if (inRange.length === 0)
    throw new PlotError(
      `Option 'range' passed to '${who}' must overlap the wavelengths [${wavelength[0]}, ${wavelength[M - 1]}]; got [${lo}, ${hi}]`,
    );
  const picked = strideIndices(inRange.length, opts.maxPoints ?? 3000).map((k) => inRange[k]!);
  const flux: Array<{ wavelength: number; flux: number | null; series: string }> = [];
  const residual: Array<{ wavelength: number; residual: number | null; series: string }> = [];
  for (const i of picked) flux.push({ wavelength: wavelength[i]!, flux: finiteOrNull(truth[i]!), series: 'true' });
  for (const p of opts.predicted) {
    for (const i of picked) {
      flux.push({ wavelength: wavelength[i]!, flux: finiteOrNull(p.flux[i]!), series: p.name });
      residual.push({ wavelength: wavelength[i]!, residual: finiteOrNull(p.flux[i]! - truth[i]!), series: p.name });
    }
  }
  const names = ['true', ...opts.predicted.map((p) => p.name)];
  const palette = ['black', '#e6550d', '#3182bd', '#31a354', '#756bb1', '#636363'];
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: names, range: names.map((_, i) => palette[i % palette.length]!) },
  } as const;
  const x = {
    field: 'wavelength',
    type: 'quantitative',
    title: 'Wavelength (Å)',
    axis: { format: '.6~g' },
    scale: { domain: [lo, hi], nice: false, zero: false },
  } as const;
  const width = opts.width ?? 640;
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    ...(opts.title ? { title: opts.title } : {}),
    vconcat: [
      {
        width,
        height: 220,
        data: { values: flux },
        mark: { type: 'line', strokeWidth: 1, clip: true },
        encoding: {
          x: { ...x, title: null },
          y: { field: 'flux', type: 'quantitative', title: 'Normalized flux', scale: { zero: false } },
          color,
        },
      },
      {
        width,
        height: 110,
        data: { values: residual },
        layer: [
          {
            data: { values: [{}] },
            mark: { type: 'rule', color: '#888', strokeDash: [3, 3] },
            encoding: { y: { datum: 0, type: 'quantitative' } },
          },
          {
            mark: { type: 'line', strokeWidth: 1, clip: true },
            encoding: { x, y: { field: 'residual', type: 'quantitative', title: 'Residual' }, color },
          },
        ],
      },
    ],
    resolve: { scale: { color: 'shared' } },
  } as PlotSpec;
}
