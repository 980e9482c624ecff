import { initBackend, type BackendName } from '@astroemu/backend';
import { screenLabels, screeningPlotSpec, screeningTable } from '@astroemu/crb';
import { writePlot, type PlotSpec } from '@astroemu/plots';
import type { AppIo } from './appIo';
import { ArgumentError } from './errors';
import { crbLabelSets } from './crbLabelSets';
import { checkLabelNames, loadBundle } from './loadBundle';

export interface CrbCommandOptions {
  emulator?: string;
  snr: number;
  threshold: number;
  thresholds?: Record<string, number>;
  alwaysSelect?: string[];
  variant: 'marginal' | 'conditional';
  labelsAt?: string;
  n: number;
  seed: number;
  format: 'markdown' | 'csv';
  plot?: string;
  backend: BackendName;
}

/**
 * `astroemu-fit crb`: Cramér–Rao screening of the emulator's labels at a S/N (@astroemu/crb
 * screenLabels) — prints the table (every label, median bounds, threshold, selected yes/no) and the
 * selected list; `--plot PATH` writes the bar plot (PNG and SVG).
 */
export async function crbCommand(o: CrbCommandOptions, io: AppIo): Promise<void> {
  if (o.variant !== 'marginal' && o.variant !== 'conditional') throw new ArgumentError('--variant', `must be marginal or conditional; got '${String(o.variant)}'`);
  if (o.format !== 'markdown' && o.format !== 'csv') throw new ArgumentError('--format', `must be markdown or csv; got '${String(o.format)}'`);
  await initBackend({ backend: o.backend });
  const emulator = await loadBundle(o.emulator);
  try {
    checkLabelNames('--always-select', o.alwaysSelect ?? [], emulator);
    checkLabelNames('--thresholds', Object.keys(o.thresholds ?? {}), emulator);
    const { labels, description } = await crbLabelSets(emulator, o.labelsAt, o.n, o.seed);
    const threshold = o.thresholds ? Object.fromEntries(emulator.labels.map((l) => [l.name, o.thresholds![l.name] ?? o.threshold])) : o.threshold;
    const result = screenLabels(emulator, labels, { snr: o.snr, threshold, variant: o.variant, alwaysSelect: o.alwaysSelect ?? [] });
    if (o.format === 'markdown') io.out(`Cramér–Rao screening at S/N ${o.snr} (${o.variant} bounds, median over ${description}):\n`);
    io.out(screeningTable(result, o.format).trimEnd());
    if (o.format === 'markdown') io.out(`\nselected (${result.selected.length} of ${result.labels.length}): ${result.selected.join(', ') || 'none'}`);
    if (o.plot) {
      const { png, svg } = await writePlot(o.plot.replace(/\.(png|svg)$/i, ''), screeningPlotSpec(result) as unknown as PlotSpec);
      io.err(`plot: ${png} ${svg}`);
    }
  } finally {
    emulator.dispose();
  }
}
