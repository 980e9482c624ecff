import { PlotError } from './errors';
import { checkLength, finiteOrNull, strideIndices } from './checkInputs';
import { PLOT_CONFIG, VEGA_LITE_SCHEMA, type NumberArray, type PlotSpec } from './plotSpec';

/** Per-wavelength residual percentiles, as @astroemu/metrics' `MetricsResult.bands`. */
export interface ResidualBandsInput {
  /** Must contain 2.5, 16, 50, 84 and 97.5. */
  percentiles: readonly number[];
  /** One array of length M per percentile, same order. */
  values: readonly NumberArray[];
}

export interface ResidualBandsOptions {
  wavelength: NumberArray;
  bands: ResidualBandsInput;
  title?: string;
  /** Draw at most this many wavelengths (evenly strided; default 3000). */
  maxPoints?: number;
  width?: number;
  height?: number;
}

const NEEDED = [2.5, 16, 50, 84, 97.5] as const;

/**
 * Residual (predicted − true) vs wavelength: median line, 1σ band (16–84 %) and 2σ band (2.5–97.5 %)
 * over the validation spectra — the TransformerPayne paper's Fig. 4.
 */
export function residualBandsPlot(opts: ResidualBandsOptions): PlotSpec {
  const who = 'residualBandsPlot';
  const { wavelength, bands } = opts;
  checkLength(who, 'wavelength', wavelength);
  const M = wavelength.length;
  const at = NEEDED.map((p) => {
    const k = bands.percentiles.findIndex((q) => Math.abs(q - p) < 1e-9);
    if (k < 0)
      throw new PlotError(
        `Argument 'bands' passed to '${who}' must include percentile ${p}; got [${bands.percentiles.join(', ')}]`,
      );
    checkLength(who, `bands.values[${k}]`, bands.values[k], M);
    return bands.values[k]!;
  });
  const [p2, p16, p50, p84, p97] = at as [NumberArray, NumberArray, NumberArray, NumberArray, NumberArray];
  const rows = strideIndices(M, opts.maxPoints ?? 3000).map((i) => ({
    wavelength: wavelength[i]!,
    p2_5: finiteOrNull(p2[i]!),
    p16: finiteOrNull(p16[i]!),
    p50: finiteOrNull(p50[i]!),
    p84: finiteOrNull(p84[i]!),
    p97_5: finiteOrNull(p97[i]!),
  }));
  const x = {
    field: 'wavelength',
    type: 'quantitative',
    title: 'Wavelength (Å)',
    axis: { format: '.6~g' },
    scale: { zero: false, nice: false },
  } as const;
  const yTitle = 'Residual (predicted − true flux)';
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    title: {
      text: opts.title ?? 'Residuals vs wavelength',
      subtitle: 'median (line), 1σ = 16–84 % (dark), 2σ = 2.5–97.5 % (light)',
    },
    width: opts.width ?? 640,
    height: opts.height ?? 240,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'area', color: '#9ecae1', opacity: 0.7 },
        encoding: { x, y: { field: 'p2_5', type: 'quantitative', title: yTitle }, y2: { field: 'p97_5' } },
      },
      {
        mark: { type: 'area', color: '#3182bd', opacity: 0.8 },
        encoding: { x, y: { field: 'p16', type: 'quantitative' }, y2: { field: 'p84' } },
      },
      {
        mark: { type: 'line', color: 'black', strokeWidth: 0.8 },
        encoding: { x, y: { field: 'p50', type: 'quantitative' } },
      },
      {
        data: { values: [{}] },
        mark: { type: 'rule', color: '#888', strokeDash: [3, 3] },
        encoding: { y: { datum: 0, type: 'quantitative' } },
      },
    ],
  } as PlotSpec;
}
