import { PlotError } from './errors';
import { checkLength } from './checkInputs';
import { PLOT_CONFIG, VEGA_LITE_SCHEMA, type NumberArray, type PlotSpec } from './plotSpec';

export interface ResidualHistogramOptions {
  /** One or more sets of residuals (predicted − true), e.g. one per emulator; binned here, not in vega. */
  series: ReadonlyArray<{ name: string; residuals: NumberArray }>;
  /** Number of bins (default 60) over [lo, hi]. */
  bins?: number;
  /** Range of the bins (default: the 0.1–99.9 % range of all residuals, symmetric about 0). */
  range?: [number, number];
  /** Log count axis (default true: the tails matter). */
  logCount?: boolean;
  title?: string;
  width?: number;
  height?: number;
}

/** Histogram(s) of residuals as overlaid translucent bars, fraction of values per bin (paper Fig. 4, right). */
export function residualHistogramPlot(opts: ResidualHistogramOptions): PlotSpec {
  const who = 'residualHistogramPlot';
  if (!opts.series?.length)
    throw new PlotError(`Argument 'series' passed to '${who}' must hold at least one set of residuals; got none`);
  opts.series.forEach((s, i) => checkLength(who, `series[${i}].residuals`, s.residuals));
  const nBins = opts.bins ?? 60;
  if (!(Number.isInteger(nBins) && nBins >= 1 && nBins <= 10_000))
    throw new PlotError(`Option 'bins' passed to '${who}' must be an integer in [1, 10000]; got ${nBins}`);
  const [lo, hi] = opts.range ?? defaultRange(opts.series.map((s) => s.residuals));
  if (!(hi > lo)) throw new PlotError(`Option 'range' passed to '${who}' must satisfy max > min; got [${lo}, ${hi}]`);
  const width = (hi - lo) / nBins;
  const rows: Array<{ series: string; lo: number; hi: number; fraction: number }> = [];
  for (const s of opts.series) {
    const counts = new Float64Array(nBins);
    let n = 0;
    for (let i = 0; i < s.residuals.length; i++) {
      const v = s.residuals[i]!;
      if (!Number.isFinite(v)) continue;
      n++;
      const b = Math.min(nBins - 1, Math.max(0, Math.floor((v - lo) / width)));
      counts[b]! += 1;
    }
    for (let b = 0; b < nBins; b++) {
      if (counts[b]! > 0)
        rows.push({ series: s.name, lo: lo + b * width, hi: lo + (b + 1) * width, fraction: counts[b]! / n });
    }
  }
  const log = opts.logCount ?? true;
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    ...(opts.title ? { title: opts.title } : {}),
    width: opts.width ?? 360,
    height: opts.height ?? 240,
    data: { values: rows },
    mark: { type: 'bar', opacity: 0.55, binSpacing: 0 },
    encoding: {
      x: { field: 'lo', type: 'quantitative', title: 'Residual (predicted − true flux)', scale: { domain: [lo, hi] } },
      x2: { field: 'hi' },
      y: {
        field: 'fraction',
        type: 'quantitative',
        title: 'Fraction of pixels',
        stack: null,
        ...(log ? { scale: { type: 'log' } } : {}),
      },
      color: { field: 'series', type: 'nominal', title: null },
    },
  } as PlotSpec;
}

function defaultRange(sets: NumberArray[]): [number, number] {
  const all: number[] = [];
  for (const s of sets) {
    const step = Math.max(1, Math.floor(s.length / 200_000));
    for (let i = 0; i < s.length; i += step) if (Number.isFinite(s[i]!)) all.push(Math.abs(s[i]!));
  }
  if (all.length === 0) throw new PlotError(`residualHistogramPlot: every residual is NaN or infinite`);
  all.sort((a, b) => a - b);
  const r = all[Math.min(all.length - 1, Math.floor(0.999 * all.length))]! || 1e-6;
  return [-r, r];
}
