import type { ScreeningResult } from './screenLabels';

const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : 'inf');

/** The screening result as a markdown table (default) or CSV: label, unit, median bounds, threshold, selected. */
export function screeningTable(result: ScreeningResult, format: 'markdown' | 'csv' = 'markdown'): string {
  const head = ['label', 'unit', 'median_marginal', 'median_conditional', 'threshold', 'selected'];
  const rows = result.labels.map((r) => [
    r.name,
    r.unit ?? '',
    fmt(r.medianMarginal),
    fmt(r.medianConditional),
    fmt(r.threshold),
    r.selected ? 'yes' : 'no',
  ]);
  if (format === 'csv') {
    const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    return [head, ...rows].map((r) => r.map(q).join(',')).join('\n') + '\n';
  }
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}
