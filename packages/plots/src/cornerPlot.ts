import { checkLength } from './checkInputs';
import { PlotError } from './errors';
import { PLOT_CONFIG, VEGA_LITE_SCHEMA, type NumberArray, type PlotSpec } from './plotSpec';

export interface CornerPlotOptions {
  /** Label names, one per column of `samples`. */
  labels: readonly string[];
  /** Posterior draws, row-major [n × labels]. */
  samples: NumberArray;
  /** True (or reference) values, drawn as lines. */
  truths?: NumberArray;
  /** Bins per axis (default 30), over each label's 0.5–99.5 % range. */
  bins?: number;
  /** Percentiles marked on the 1-D histograms (default [16, 50, 84]). */
  quantiles?: readonly number[];
  title?: string;
  /** Size of one panel in pixels (default 130). */
  panel?: number;
}

/**
 * Corner plot of posterior draws (Foreman-Mackey 2016's `corner`): 1-D histograms on the diagonal with percentile
 * lines, 2-D histograms (shaded counts) below it, truths as lines. Binned here, not in vega.
 */
export function cornerPlot(opts: CornerPlotOptions): PlotSpec {
  const who = 'cornerPlot';
  const k = opts.labels?.length ?? 0;
  if (k < 1) throw new PlotError(`Argument 'labels' passed to '${who}' must name at least one label; got none`);
  checkLength(who, 'samples', opts.samples);
  if (opts.samples.length % k !== 0)
    throw new PlotError(
      `Argument 'samples' passed to '${who}' must hold n × ${k} values (row-major); got ${opts.samples.length}`,
    );
  if (opts.truths) checkLength(who, 'truths', opts.truths, k);
  const nBins = opts.bins ?? 30;
  if (!(Number.isInteger(nBins) && nBins >= 2 && nBins <= 500))
    throw new PlotError(`Option 'bins' passed to '${who}' must be an integer in [2, 500]; got ${nBins}`);
  const n = opts.samples.length / k;
  const cols = Array.from({ length: k }, (_, l) =>
    Float64Array.from({ length: n }, (_, i) => opts.samples[i * k + l]!),
  );
  const sorted = cols.map((c) => Float64Array.from(c).sort());
  for (let l = 0; l < k; l++)
    if (!sorted[l]!.every(Number.isFinite))
      throw new PlotError(
        `Argument 'samples' passed to '${who}' holds a non-finite value for label '${opts.labels[l]}'`,
      );
  const q = (l: number, p: number) => {
    const s = sorted[l]!;
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return s[lo]! + (h - lo) * (s[Math.min(lo + 1, n - 1)]! - s[lo]!);
  };
  const ranges = cols.map((_, l) => {
    let lo = q(l, 0.005);
    let hi = q(l, 0.995);
    if (!(hi > lo)) [lo, hi] = [lo - 0.5 * (Math.abs(lo) || 1), hi + 0.5 * (Math.abs(hi) || 1)];
    return [lo, hi] as const;
  });
  const bin = (l: number, v: number) => {
    const [lo, hi] = ranges[l]!;
    const b = Math.floor(((v - lo) / (hi - lo)) * nBins);
    return b >= 0 && b < nBins ? b : -1;
  };
  const size = opts.panel ?? 130;
  /** Position channel of label l: the bins' range as the domain, titled and labelled only on the outer panels. */
  const channel = (field: string, l: number, show: boolean) => ({
    field,
    type: 'quantitative',
    scale: { domain: [...ranges[l]!], nice: false, zero: false },
    axis: { title: show ? opts.labels[l] : null, labels: show, ticks: show, tickCount: 4 },
  });
  const truthRule = (l: number, channel: 'x' | 'y') =>
    opts.truths
      ? [
          {
            data: { values: [{ t: opts.truths[l] }] },
            mark: { type: 'rule', color: '#1f77b4' },
            encoding: { [channel]: { field: 't', type: 'quantitative' } },
          },
        ]
      : [];

  const rows = Array.from({ length: k }, (_, i) => {
    const panels = Array.from({ length: i + 1 }, (_, j) => {
      if (i === j) {
        const counts = new Float64Array(nBins);
        for (const v of cols[i]!) {
          const b = bin(i, v);
          if (b >= 0) counts[b]! += 1;
        }
        const [lo, hi] = ranges[i]!;
        const w = (hi - lo) / nBins;
        const values = Array.from(counts, (c, b) => ({ lo: lo + b * w, hi: lo + (b + 1) * w, count: c, zero: 0 }));
        const marks = (opts.quantiles ?? [16, 50, 84]).map((p) => ({ v: q(i, p / 100) }));
        return {
          width: size,
          height: size,
          layer: [
            {
              data: { values },
              mark: { type: 'rect', color: '#444' },
              encoding: {
                x: channel('lo', i, i === k - 1),
                x2: { field: 'hi' },
                y: { field: 'count', type: 'quantitative', axis: null },
                y2: { field: 'zero' },
              },
            },
            {
              data: { values: marks },
              mark: { type: 'rule', strokeDash: [4, 3], color: '#d62728' },
              encoding: { x: { field: 'v', type: 'quantitative' } },
            },
            ...truthRule(i, 'x'),
          ],
        };
      }
      const counts = new Float64Array(nBins * nBins);
      for (let s = 0; s < n; s++) {
        const bx = bin(j, cols[j]![s]!);
        const by = bin(i, cols[i]![s]!);
        if (bx >= 0 && by >= 0) counts[by * nBins + bx]! += 1;
      }
      const [xlo, xhi] = ranges[j]!;
      const [ylo, yhi] = ranges[i]!;
      const wx = (xhi - xlo) / nBins;
      const wy = (yhi - ylo) / nBins;
      const values: { x: number; x2: number; y: number; y2: number; count: number }[] = [];
      counts.forEach((c, b) => {
        if (c > 0)
          values.push({
            x: xlo + (b % nBins) * wx,
            x2: xlo + ((b % nBins) + 1) * wx,
            y: ylo + Math.floor(b / nBins) * wy,
            y2: ylo + (Math.floor(b / nBins) + 1) * wy,
            count: c,
          });
      });
      return {
        width: size,
        height: size,
        layer: [
          {
            data: { values },
            mark: { type: 'rect' },
            encoding: {
              x: channel('x', j, i === k - 1),
              x2: { field: 'x2' },
              y: channel('y', i, j === 0),
              y2: { field: 'y2' },
              color: { field: 'count', type: 'quantitative', scale: { scheme: 'greys' }, legend: null },
            },
          },
          ...truthRule(j, 'x'),
          ...truthRule(i, 'y'),
        ],
      };
    });
    return { hconcat: panels, spacing: 4 };
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    ...(opts.title ? { title: opts.title } : {}),
    vconcat: rows,
    spacing: 4,
    resolve: { scale: { x: 'independent', y: 'independent', color: 'independent' } },
  } as PlotSpec;
}
