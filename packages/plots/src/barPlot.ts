import { PlotError } from './errors';
import { PLOT_CONFIG, VEGA_LITE_SCHEMA, type PlotSpec } from './plotSpec';

export interface BarPlotOptions {
  /** One bar per entry, drawn in this order. */
  bars: ReadonlyArray<{ label: string; value: number }>;
  /** A horizontal threshold line (e.g. 0.05 dex) with an optional label. */
  threshold?: number;
  thresholdLabel?: string;
  xTitle?: string;
  yTitle?: string;
  logY?: boolean;
  title?: string;
  width?: number;
  height?: number;
}

/** Bars with an optional threshold line, e.g. Cramér–Rao bounds per label against 0.05 dex. */
export function barPlot(opts: BarPlotOptions): PlotSpec {
  const who = 'barPlot';
  if (!opts.bars?.length)
    throw new PlotError(`Argument 'bars' passed to '${who}' must hold at least one bar; got none`);
  const bad = opts.bars.findIndex((b) => !Number.isFinite(b.value) || (opts.logY && b.value <= 0));
  if (bad >= 0)
    throw new PlotError(
      `Argument 'bars' passed to '${who}': bar ${bad} ('${opts.bars[bad]!.label}') has value ${opts.bars[bad]!.value}; expected a finite${opts.logY ? ' positive' : ''} number`,
    );
  const order = opts.bars.map((b) => b.label);
  const y = {
    field: 'value',
    type: 'quantitative',
    title: opts.yTitle ?? 'Value',
    ...(opts.logY ? { scale: { type: 'log' } } : {}),
  } as const;
  const layer: unknown[] = [
    {
      mark: { type: 'bar', color: '#3182bd' },
      encoding: { x: { field: 'label', type: 'nominal', title: opts.xTitle ?? null, sort: order }, y },
    },
  ];
  if (opts.threshold !== undefined) {
    layer.push({
      data: { values: [{}] },
      mark: { type: 'rule', color: '#e6550d', strokeDash: [5, 3], strokeWidth: 1.5 },
      encoding: { y: { datum: opts.threshold, type: 'quantitative' } },
    });
    if (opts.thresholdLabel) {
      layer.push({
        data: { values: [{}] },
        mark: { type: 'text', color: '#e6550d', align: 'right', dy: -6, x: 'width' },
        encoding: { y: { datum: opts.threshold, type: 'quantitative' }, text: { value: opts.thresholdLabel } },
      });
    }
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    ...(opts.title ? { title: opts.title } : {}),
    width: opts.width ?? Math.max(240, 18 * opts.bars.length),
    height: opts.height ?? 240,
    data: { values: opts.bars.map((b) => ({ label: b.label, value: b.value })) },
    layer,
  } as PlotSpec;
}
