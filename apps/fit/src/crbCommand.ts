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
  /** Wavelength grid `min:max:step` (Å) for wavelength-conditioned emulators (TransformerPayne). */
  wavelength?: string;
  backend: BackendName;
}

/**
 * The pixels the bounds are computed on: a grid emulator's own fixed grid; for a wavelength-conditioned emulator,
 * `--wavelength min:max:step` (Å, inside its domain). The bounds depend on the pixels, so there is no default.
 */
export function crbWavelength(
  spec: string | undefined,
  domain: { min: number; max: number; fixed?: Float64Array },
): Float64Array | undefined {
  if (domain.fixed) {
    if (spec !== undefined)
      throw new ArgumentError(
        '--wavelength',
        `the emulator predicts on its own fixed grid (${domain.fixed.length} pixels, ${domain.min}–${domain.max} Å); give --wavelength only for wavelength-conditioned emulators`,
      );
    return undefined;
  }
  if (spec === undefined)
    throw new ArgumentError(
      '--wavelength',
      `is required for a wavelength-conditioned emulator (its domain is ${domain.min}–${domain.max} Å): give min:max:step in Å, e.g. ${domain.min}:${domain.max}:0.05`,
    );
  const parts = spec.split(':').map(Number);
  const [a, b, step] = parts;
  if (parts.length !== 3 || !parts.every(Number.isFinite) || !(a! < b!) || !(step! > 0))
    throw new ArgumentError('--wavelength', `must be min:max:step in Å with min < max and step > 0; got '${spec}'`);
  if (a! < domain.min || b! > domain.max)
    throw new ArgumentError('--wavelength', `${a}–${b} Å leaves the emulator's domain ${domain.min}–${domain.max} Å`);
  const n = Math.floor((b! - a!) / step! + 1e-9) + 1;
  return Float64Array.from({ length: n }, (_, i) => a! + i * step!);
}

/**
 * `astroemu-fit crb`: Cramér–Rao screening of the emulator's labels at a S/N (@astroemu/crb
 * screenLabels) — prints the table (every label, median bounds, threshold, selected yes/no) and the
 * selected list; `--plot PATH` writes the bar plot (PNG and SVG).
 */
export async function crbCommand(o: CrbCommandOptions, io: AppIo): Promise<void> {
  if (o.variant !== 'marginal' && o.variant !== 'conditional')
    throw new ArgumentError('--variant', `must be marginal or conditional; got '${String(o.variant)}'`);
  if (o.format !== 'markdown' && o.format !== 'csv')
    throw new ArgumentError('--format', `must be markdown or csv; got '${String(o.format)}'`);
  await initBackend({ backend: o.backend });
  const emulator = await loadBundle(o.emulator);
  try {
    checkLabelNames('--always-select', o.alwaysSelect ?? [], emulator);
    checkLabelNames('--thresholds', Object.keys(o.thresholds ?? {}), emulator);
    const wavelength = crbWavelength(o.wavelength, emulator.wavelength);
    const { labels, description } = await crbLabelSets(emulator, o.labelsAt, o.n, o.seed);
    const threshold = o.thresholds
      ? Object.fromEntries(emulator.labels.map((l) => [l.name, o.thresholds![l.name] ?? o.threshold]))
      : o.threshold;
    const result = screenLabels(emulator, labels, {
      snr: o.snr,
      threshold,
      variant: o.variant,
      alwaysSelect: o.alwaysSelect ?? [],
      ...(wavelength ? { wavelength } : {}),
    });
    const pixels = wavelength
      ? `, ${wavelength.length} pixels ${wavelength[0]}–${wavelength[wavelength.length - 1]} Å`
      : '';
    if (o.format === 'markdown')
      io.out(`Cramér–Rao screening at S/N ${o.snr} (${o.variant} bounds, median over ${description}${pixels}):\n`);
    io.out(screeningTable(result, o.format).trimEnd());
    if (o.format === 'markdown')
      io.out(
        `\nselected (${result.selected.length} of ${result.labels.length}): ${result.selected.join(', ') || 'none'}`,
      );
    if (o.plot) {
      const { png, svg } = await writePlot(
        o.plot.replace(/\.(png|svg)$/i, ''),
        screeningPlotSpec(result) as unknown as PlotSpec,
      );
      io.err(`plot: ${png} ${svg}`);
    }
  } finally {
    emulator.dispose();
  }
}
