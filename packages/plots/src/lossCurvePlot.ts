import { PlotError } from './errors';
import { finiteOrNull, strideIndices } from './checkInputs';
import { PLOT_CONFIG, VEGA_LITE_SCHEMA, type PlotSpec } from './plotSpec';

export interface LossCurveOptions {
  /** Training loss (MSE of each step's batch) by step. */
  train?: ReadonlyArray<{ step: number; loss: number }>;
  /** Validation metrics by step: every numeric key except `step` becomes a line (e.g. mse, mae, maqe95). */
  validation?: ReadonlyArray<{ step: number } & Record<string, number>>;
  title?: string;
  /** Draw at most this many training points (evenly strided; default 2000). */
  maxPoints?: number;
  width?: number;
  height?: number;
}

/** Training loss and validation metrics vs step on a log y axis (one colour per series, points on validations). */
export function lossCurvePlot(opts: LossCurveOptions): PlotSpec {
  const who = 'lossCurvePlot';
  const train = opts.train ?? [];
  const validation = opts.validation ?? [];
  if (train.length + validation.length === 0)
    throw new PlotError(`${who}: 'train' and 'validation' are both empty; nothing to plot`);
  const rows: Array<{ step: number; value: number | null; series: string }> = [];
  for (const i of strideIndices(train.length, opts.maxPoints ?? 2000)) {
    const p = train[i]!;
    rows.push({ step: p.step, value: positive(p.loss), series: 'train loss (MSE)' });
  }
  for (const v of validation) {
    for (const [key, value] of Object.entries(v)) {
      if (key === 'step' || typeof value !== 'number') continue;
      rows.push({ step: v.step, value: positive(value), series: `validation ${key}` });
    }
  }
  const encoding = {
    x: { field: 'step', type: 'quantitative', title: 'Step' },
    y: { field: 'value', type: 'quantitative', title: 'Loss / metric', scale: { type: 'log' } },
    color: { field: 'series', type: 'nominal', title: null },
  } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    ...(opts.title ? { title: opts.title } : {}),
    width: opts.width ?? 480,
    height: opts.height ?? 280,
    data: { values: rows },
    transform: [{ filter: 'datum.value != null' }],
    layer: [
      { mark: { type: 'line', strokeWidth: 1.2, clip: true }, encoding },
      {
        transform: [{ filter: "indexof(datum.series, 'validation') == 0" }],
        mark: { type: 'point', filled: true, size: 28 },
        encoding,
      },
    ],
  } as PlotSpec;
}

/** Log axes cannot show values ≤ 0 or non-finite values: they are dropped. */
function positive(x: number): number | null {
  const v = finiteOrNull(x);
  return v !== null && v > 0 ? v : null;
}
