import type { Emulator } from '@astroemu/emulator-core';
import { fitSpectra, type FitResult, type ObservedSpectrum } from '@astroemu/inference';
import { observe, type SyntheticGrid } from '@astroemu/synth';
import { sci } from './writeReport';

export interface FitSummary {
  /** Markdown section for the report. */
  markdown: string;
  /** One line for the terminal. */
  line: string;
}

/** An emulator to fit with, and its own error variance σ²_emu per pixel of the grid (from validation residuals). */
export interface HeldOutModel {
  name: string;
  emulator: Emulator;
  emulatorVariance?: Float64Array;
}

/** The labels the demo fits; every other label is held at its true value. */
export const DEMO_FIT_LABELS = ['Teff', 'logg', 'Fe', 'Mg'];

/** The labels a held-out fit must recover within 3σ to count as a success (issue #17's acceptance). */
export const DEMO_CHECKED_LABELS = ['Teff', 'logg', 'Fe'];

/**
 * Fits the labels of `n` held-out noisy spectra (synth `observe`, S/N 100) with @astroemu/inference's fitSpectra.
 * With an emulator variance, the fit weighs each pixel by 1/(1/ivar + σ²_emu) (the table), and a noise-only fit is
 * summarised beside it.
 */
export async function fitHeldOut(
  models: HeldOutModel[],
  grid: SyntheticGrid,
  rows: number[],
  snr = 100,
): Promise<FitSummary> {
  const names = grid.labelNames;
  const spectra = rows.map((i) => observe(grid.wavelength, grid.spectrum(i), { snr, seed: 1000 + i }));
  const truths = rows.map((i) => grid.labels(i));
  const observed: ObservedSpectrum[] = spectra.map((s) => ({
    wavelength: grid.wavelength,
    flux: s.flux,
    ivar: s.ivar,
  }));
  const truth = (k: number, label: string) => truths[k]![names.indexOf(label)]!;
  const lines: string[] = [
    `## Label fits of ${rows.length} held-out noisy spectra`,
    '',
    `Spectra from the validation stream not used for validation, with Gaussian noise at S/N ${snr} (synth \`observe\`). Fitted: ${DEMO_FIT_LABELS.join(', ')} (Levenberg–Marquardt, @astroemu/inference \`fitSpectra\`); every other label fixed at its true value, RV fixed at 0. σ²: the noise plus the emulator's own error σ²_emu = ((p84 − p16)/2)² + p50² of its residuals on the validation spectra (per pixel; \`emulatorVariance\`), where given. "within 3σ": |fit − true| < 3σ for ${DEMO_CHECKED_LABELS.join(', ')}.`,
    '',
    `| model | spectrum | ${DEMO_FIT_LABELS.map((l) => `${l} true → fit ± σ`).join(' | ')} | χ²_red | within 3σ |`,
    `|---|---|${DEMO_FIT_LABELS.map(() => '---|').join('')}---|---|`,
  ];
  const errors: string[] = [];
  const notes: string[] = [];
  for (const { name, emulator, emulatorVariance } of models) {
    const fixed: Record<string, number[]> = {};
    for (const l of emulator.labels) {
      if (!DEMO_FIT_LABELS.includes(l.name)) fixed[l.name] = truths.map((t) => t[names.indexOf(l.name)]!);
    }
    const options = { fit: DEMO_FIT_LABELS, fixed, rv: { min: -5, max: 5, fit: false, value: 0 }, seed: 0 };
    let results: FitResult[];
    let noiseOnly: FitResult[] | undefined;
    try {
      results = fitSpectra(emulator, observed, emulatorVariance ? { ...options, emulatorVariance } : options);
      if (emulatorVariance) noiseOnly = fitSpectra(emulator, observed, options);
    } catch (e) {
      const why = (e as Error).message.split('\n')[0]!;
      lines.push(`| ${name} | — | ${DEMO_FIT_LABELS.map(() => '—').join(' | ')} | fit failed: ${why} | — |`);
      errors.push(`${name}: fit failed (${why})`);
      continue;
    }
    const absErr = DEMO_FIT_LABELS.map(() => 0);
    results.forEach((r, k) => {
      const cells = DEMO_FIT_LABELS.map((l, j) => {
        const t = truth(k, l);
        const fitted = r.labels[l] ?? NaN;
        absErr[j]! += Math.abs(fitted - t) / results.length;
        const d = l === 'Teff' ? 0 : 3;
        return `${t.toFixed(d)} → ${fitted.toFixed(d)} ± ${(r.uncertainties[l] ?? NaN).toFixed(d)}`;
      });
      const off = outside3Sigma(r, (l) => truth(k, l));
      lines.push(
        `| ${name} | ${rows[k]} | ${cells.join(' | ')} | ${r.reducedChi2.toFixed(2)}${r.flags.length ? ` (${r.flags.join(', ')})` : ''}${r.error ? ` — ${r.error}` : ''} | ${off.length === 0 ? 'yes' : `no (${off.join(', ')})`} |`,
      );
    });
    const count = (rs: FitResult[]) => rs.filter((r, k) => outside3Sigma(r, (l) => truth(k, l)).length === 0).length;
    const within = `${count(results)} of ${results.length} within 3σ`;
    if (noiseOnly)
      notes.push(
        `${name}, σ of the noise only (no emulator term): ${count(noiseOnly)} of ${noiseOnly.length} within 3σ, χ²_red ${noiseOnly.map((r) => r.reducedChi2.toFixed(2)).join(', ')}, σ(Teff) ${noiseOnly.map((r) => (r.uncertainties.Teff ?? NaN).toFixed(0)).join(', ')} K.`,
      );
    errors.push(`${name}: ${within}, ${DEMO_FIT_LABELS.map((l, j) => `|Δ${l}| ${sci(absErr[j]!)}`).join(', ')}`);
  }
  lines.push('', `Mean absolute errors — ${errors.join('; ')}.`, '');
  if (notes.length) lines.push(...notes.map((n) => `- ${n}`), '');
  return { markdown: lines.join('\n'), line: `label fits: ${errors.join('; ')}` };
}

/** The checked labels whose fit lies 3σ or more from the truth (all of them when the fit failed), as "label zσ". */
function outside3Sigma(r: FitResult, truth: (label: string) => number): string[] {
  return DEMO_CHECKED_LABELS.flatMap((l) => {
    const z = Math.abs((r.labels[l] ?? NaN) - truth(l)) / (r.uncertainties[l] ?? NaN);
    return z < 3 ? [] : [`${l} ${Number.isFinite(z) ? z.toFixed(1) : '—'}σ`];
  });
}
