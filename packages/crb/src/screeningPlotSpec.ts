import type { ScreeningResult } from './screenLabels';

/**
 * A Vega-Lite v6 spec (plain JSON, data inlined) of the screening: a bar per label of its median
 * bound (log scale), coloured by selection, with the threshold as a rule. Rendering (vega → SVG →
 * PNG) is left to the caller (e.g. apps/fit) so this package needs no plotting dependency.
 * Unconstrained labels are drawn at `infinityAs` (default 10 × the largest finite bound).
 */
export function screeningPlotSpec(
  result: ScreeningResult,
  options: { title?: string; infinityAs?: number } = {},
): Record<string, unknown> {
  const key = result.variant === 'marginal' ? 'medianMarginal' : 'medianConditional';
  const finite = result.labels.map((r) => r[key]).filter(Number.isFinite);
  const cap = options.infinityAs ?? 10 * Math.max(1e-3, ...finite);
  const values = result.labels.map((r) => ({
    label: r.name,
    bound: Number.isFinite(r[key]) ? r[key] : cap,
    unconstrained: !Number.isFinite(r[key]),
    threshold: r.threshold,
    selected: r.selected ? 'selected' : 'not selected',
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title:
      options.title ?? `Cramér–Rao bounds (${result.variant}${result.snr === undefined ? '' : `, S/N ${result.snr}`})`,
    width: Math.max(200, 14 * values.length),
    height: 240,
    data: { values },
    layer: [
      {
        mark: 'bar',
        encoding: {
          x: { field: 'label', type: 'nominal', sort: null, title: 'label' },
          y: { field: 'bound', type: 'quantitative', scale: { type: 'log' }, title: `median ${result.variant} bound` },
          color: {
            field: 'selected',
            type: 'nominal',
            scale: { domain: ['selected', 'not selected'], range: ['#1f77b4', '#bbbbbb'] },
          },
          tooltip: [{ field: 'label' }, { field: 'bound' }, { field: 'unconstrained' }],
        },
      },
      {
        mark: { type: 'tick', color: 'red', thickness: 2 },
        encoding: {
          x: { field: 'label', type: 'nominal', sort: null },
          y: { field: 'threshold', type: 'quantitative' },
        },
      },
    ],
  };
}
