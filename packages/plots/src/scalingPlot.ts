import { PlotError } from './errors';
import { PLOT_CONFIG, VEGA_LITE_SCHEMA, type PlotSpec } from './plotSpec';

export interface ScalingPoint {
  /** Line colour: the model (e.g. 'transformer-payne'). */
  model: string;
  /** Training-set size (x, log). */
  size: number;
  /** Metric value (y, log). */
  value: number;
  /** Panel: the metric name (e.g. 'mse'); one panel per distinct metric. Default 'metric'. */
  metric?: string;
  /** Line dash: e.g. 'from scratch' vs 'fine-tuned'. */
  variant?: string;
}

export interface ScalingPlotOptions {
  points: readonly ScalingPoint[];
  title?: string;
  xTitle?: string;
  width?: number;
  height?: number;
}

/** Metric vs training-set size on log–log axes, one line per model (dash per variant), one panel per metric (paper Fig. 5). */
export function scalingPlot(opts: ScalingPlotOptions): PlotSpec {
  const who = 'scalingPlot';
  if (!opts.points?.length)
    throw new PlotError(`Argument 'points' passed to '${who}' must hold at least one point; got none`);
  const bad = opts.points.findIndex(
    (p) => !(p.size > 0 && p.value > 0 && Number.isFinite(p.size) && Number.isFinite(p.value)),
  );
  if (bad >= 0)
    throw new PlotError(
      `Argument 'points' passed to '${who}': point ${bad} has size ${opts.points[bad]!.size}, value ${opts.points[bad]!.value}; log axes need finite positive numbers`,
    );
  const rows = opts.points.map((p) => ({
    model: p.model,
    size: p.size,
    value: p.value,
    metric: p.metric ?? 'metric',
    variant: p.variant ?? '',
    series: `${p.model} ${p.variant ?? ''}`.trim(),
  }));
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const hasVariant = rows.some((r) => r.variant !== '');
  const encoding = {
    x: {
      field: 'size',
      type: 'quantitative',
      title: opts.xTitle ?? 'Training-set size (spectra)',
      scale: { type: 'log' },
    },
    y: {
      field: 'value',
      type: 'quantitative',
      title: metrics.length === 1 ? metrics[0] : 'Value',
      scale: { type: 'log' },
    },
    color: { field: 'model', type: 'nominal', title: 'Model' },
    detail: { field: 'series' },
    ...(hasVariant ? { strokeDash: { field: 'variant', type: 'nominal', title: 'Training' } } : {}),
  };
  const layered = {
    width: opts.width ?? 260,
    height: opts.height ?? 220,
    layer: [
      { mark: { type: 'line', strokeWidth: 1.5 }, encoding },
      {
        mark: { type: 'point', filled: true, size: 36 },
        encoding: {
          ...encoding,
          ...(hasVariant ? { shape: { field: 'variant', type: 'nominal', title: 'Training' } } : {}),
        },
      },
    ],
  };
  const base = {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    ...(opts.title ? { title: opts.title } : {}),
    data: { values: rows },
  };
  if (metrics.length === 1) return { ...base, ...layered } as PlotSpec;
  return {
    ...base,
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: metrics } },
    spec: layered,
    resolve: { scale: { y: 'independent' } },
  } as PlotSpec;
}
