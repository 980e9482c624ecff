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

/** Noisy spectra (synth `observe`) of grid rows, their true labels, and the fitSpectra options of the demo's fits. */
function fitCases(grid: SyntheticGrid, rows: number[], snr: number, seed: number, emulator: Emulator) {
  const names = grid.labelNames;
  const observed: ObservedSpectrum[] = rows.map((i) => {
    const s = observe(grid.wavelength, grid.spectrum(i), { snr, seed: seed + i });
    return { wavelength: grid.wavelength, flux: s.flux, ivar: s.ivar };
  });
  const truths = rows.map((i) => grid.labels(i));
  const fixed: Record<string, number[]> = {};
  for (const l of emulator.labels) {
    if (!DEMO_FIT_LABELS.includes(l.name)) fixed[l.name] = truths.map((t) => t[names.indexOf(l.name)]!);
  }
  const options = { fit: DEMO_FIT_LABELS, fixed, rv: { min: -5, max: 5, fit: false, value: 0 }, seed: 0 };
  return { observed, truth: (k: number, label: string) => truths[k]![names.indexOf(label)]!, options };
}

/**
 * The label error an emulator adds beyond the fit's σ, per fitted label, measured on validation spectra (never the
 * held-out ones) fitted like the held-out spectra: σ²_sys = max(0, mean (fit − true)² − mean σ²_fit). The emulator's
 * error is correlated along a spectrum, so a per-pixel variance alone leaves the label σ too small.
 */
export function labelSystematics(
  results: FitResult[],
  truth: (k: number, label: string) => number,
): Record<string, { rmsError: number; rmsSigma: number; sigmaSys: number }> {
  const ok = results.map((r, k) => [r, k] as const).filter(([r]) => !r.error);
  return Object.fromEntries(
    DEMO_FIT_LABELS.map((l) => {
      const d2 = ok.reduce((s, [r, k]) => s + ((r.labels[l] ?? NaN) - truth(k, l)) ** 2, 0) / ok.length;
      const s2 = ok.reduce((s, [r]) => s + (r.uncertainties[l] ?? NaN) ** 2, 0) / ok.length;
      return [l, { rmsError: Math.sqrt(d2), rmsSigma: Math.sqrt(s2), sigmaSys: Math.sqrt(Math.max(0, d2 - s2)) }];
    }),
  );
}

/**
 * Fits the labels of held-out noisy spectra (synth `observe`, S/N 100) with @astroemu/inference's fitSpectra.
 * With an emulator variance, the fit weighs each pixel by 1/(1/ivar + σ²_emu); with calibration rows (validation
 * spectra), the label error the emulator adds beyond that (labelSystematics) is measured on them and added in
 * quadrature to each held-out σ (the table). Noise-only and σ_fit-only results are summarised beside it.
 */
export async function fitHeldOut(
  models: HeldOutModel[],
  grid: SyntheticGrid,
  rows: number[],
  snr = 100,
  calibrationRows: number[] = [],
): Promise<FitSummary> {
  const lines: string[] = [
    `## Label fits of ${rows.length} held-out noisy spectra`,
    '',
    `Spectra from the validation stream not used for validation, with Gaussian noise at S/N ${snr} (synth \`observe\`). Fitted: ${DEMO_FIT_LABELS.join(', ')} (Levenberg–Marquardt, @astroemu/inference \`fitSpectra\`); every other label fixed at its true value, RV fixed at 0. Pixel variance: the noise plus the emulator's own error σ²_emu = ((p84 − p16)/2)² + p50² of its residuals on the validation spectra (\`emulatorVariance\`). σ: the fit's σ and, in quadrature, the label error the emulator adds beyond it, σ_sys, from the same fits of the ${calibrationRows.length} validation spectra with noise (σ²_sys = mean (fit − true)² − mean σ²_fit). "within 3σ": |fit − true| < 3σ for ${DEMO_CHECKED_LABELS.join(', ')}.`,
    '',
    `| model | spectrum | ${DEMO_FIT_LABELS.map((l) => `${l} true → fit ± σ`).join(' | ')} | χ²_red | within 3σ |`,
    `|---|---|${DEMO_FIT_LABELS.map(() => '---|').join('')}---|---|`,
  ];
  const errors: string[] = [];
  const notes: string[] = [];
  for (const { name, emulator, emulatorVariance } of models) {
    const held = fitCases(grid, rows, snr, 1000, emulator);
    const withEmu = emulatorVariance ? { ...held.options, emulatorVariance } : held.options;
    let results: FitResult[];
    let noiseOnly: FitResult[] | undefined;
    let systematics: ReturnType<typeof labelSystematics> | undefined;
    try {
      results = fitSpectra(emulator, held.observed, withEmu);
      if (emulatorVariance) noiseOnly = fitSpectra(emulator, held.observed, held.options);
      if (calibrationRows.length > 0) {
        const cal = fitCases(grid, calibrationRows, snr, 5000, emulator);
        const calOptions = emulatorVariance ? { ...cal.options, emulatorVariance } : cal.options;
        systematics = labelSystematics(fitSpectra(emulator, cal.observed, calOptions), cal.truth);
      }
    } catch (e) {
      const why = (e as Error).message.split('\n')[0]!;
      lines.push(`| ${name} | — | ${DEMO_FIT_LABELS.map(() => '—').join(' | ')} | fit failed: ${why} | — |`);
      errors.push(`${name}: fit failed (${why})`);
      continue;
    }
    const fitSigma = (r: FitResult, l: string) => r.uncertainties[l] ?? NaN;
    const sigma = (r: FitResult, l: string) => Math.hypot(fitSigma(r, l), systematics?.[l]?.sigmaSys ?? 0);
    const absErr = DEMO_FIT_LABELS.map(() => 0);
    results.forEach((r, k) => {
      const cells = DEMO_FIT_LABELS.map((l, j) => {
        const t = held.truth(k, l);
        const fitted = r.labels[l] ?? NaN;
        absErr[j]! += Math.abs(fitted - t) / results.length;
        const d = l === 'Teff' ? 0 : 3;
        return `${t.toFixed(d)} → ${fitted.toFixed(d)} ± ${sigma(r, l).toFixed(d)}`;
      });
      const off = outside3Sigma(r, (l) => held.truth(k, l), sigma);
      lines.push(
        `| ${name} | ${rows[k]} | ${cells.join(' | ')} | ${r.reducedChi2.toFixed(2)}${r.flags.length ? ` (${r.flags.join(', ')})` : ''}${r.error ? ` — ${r.error}` : ''} | ${off.length === 0 ? 'yes' : `no (${off.join(', ')})`} |`,
      );
    });
    const count = (rs: FitResult[], sd: (r: FitResult, l: string) => number) =>
      rs.filter((r, k) => outside3Sigma(r, (l) => held.truth(k, l), sd).length === 0).length;
    const within = `${count(results, sigma)} of ${results.length} within 3σ`;
    if (systematics)
      notes.push(
        `${name}, σ_sys from ${calibrationRows.length} validation spectra: ${DEMO_FIT_LABELS.map((l) => `${l} ${sci(systematics[l]!.sigmaSys)} (rms error ${sci(systematics[l]!.rmsError)}, rms σ_fit ${sci(systematics[l]!.rmsSigma)})`).join('; ')}. Held-out fits within 3σ of σ_fit alone: ${count(results, fitSigma)} of ${results.length}.`,
      );
    if (noiseOnly)
      notes.push(
        `${name}, pixel variance of the noise only (no σ_emu, no σ_sys): ${count(noiseOnly, fitSigma)} of ${noiseOnly.length} within 3σ, χ²_red ${noiseOnly.map((r) => r.reducedChi2.toFixed(2)).join(', ')}, σ(Teff) ${noiseOnly.map((r) => fitSigma(r, 'Teff').toFixed(0)).join(', ')} K.`,
      );
    errors.push(`${name}: ${within}, ${DEMO_FIT_LABELS.map((l, j) => `|Δ${l}| ${sci(absErr[j]!)}`).join(', ')}`);
  }
  lines.push('', `Mean absolute errors — ${errors.join('; ')}.`, '');
  if (notes.length) lines.push(...notes.map((n) => `- ${n}`), '');
  return { markdown: lines.join('\n'), line: `label fits: ${errors.join('; ')}` };
}

/** The checked labels whose fit lies 3σ or more from the truth (all of them when the fit failed), as "label zσ". */
function outside3Sigma(
  r: FitResult,
  truth: (label: string) => number,
  sigma: (r: FitResult, label: string) => number,
): string[] {
  return DEMO_CHECKED_LABELS.flatMap((l) => {
    const z = Math.abs((r.labels[l] ?? NaN) - truth(l)) / sigma(r, l);
    return z < 3 ? [] : [`${l} ${Number.isFinite(z) ? z.toFixed(1) : '—'}σ`];
  });
}
