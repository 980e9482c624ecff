import type { FitResult } from '@astroemu/inference';

/** A results column: name and type ('int' and 'double' are numbers; NaN stands for "no value"). */
export interface ResultColumn {
  name: string;
  type: 'string' | 'int' | 'double';
}

/** One row of the results table, keyed by column name. */
export type ResultRow = Record<string, string | number>;

/** A results table: the column schema and its rows. */
export interface ResultsTable {
  columns: ResultColumn[];
  rows: ResultRow[];
}

/**
 * Columns of a results table: id, index (position in the full input list), each fitted label and its
 * σ (`<label>_err`), rv and rv_err, chi2, reduced_chi2, pixels_used, evaluations (emulator rows, a double: shared
 * rows count as fractions), iterations, flags
 * (`;`-separated fitSpectra flags), error (message, empty when the fit ran).
 */
export function resultColumns(fitted: readonly string[], rv = true): ResultColumn[] {
  return [
    { name: 'id', type: 'string' },
    { name: 'index', type: 'int' },
    ...fitted.flatMap((l): ResultColumn[] => [
      { name: l, type: 'double' },
      { name: `${l}_err`, type: 'double' },
    ]),
    { name: 'rv', type: 'double' },
    { name: 'rv_err', type: 'double' },
    { name: 'chi2', type: 'double' },
    { name: 'reduced_chi2', type: 'double' },
    { name: 'pixels_used', type: 'int' },
    { name: 'pixels_lost', type: 'int' },
    { name: 'evaluations', type: 'double' }, // emulator rows; rows shared by spectra at equal labels count as fractions
    { name: 'iterations', type: 'int' },
    { name: 'flags', type: 'string' },
    { name: 'notes', type: 'string' },
    { name: 'error', type: 'string' },
    ...correlationPairs(fitted, rv).map(([a, b]): ResultColumn => ({ name: `corr_${a}_${b}`, type: 'double' })),
  ];
}

/** The (a, b) pairs, a before b, of the fitted labels and rv (when fitted): one correlation column each. */
export function correlationPairs(fitted: readonly string[], rv: boolean): [string, string][] {
  const p = rv ? [...fitted, 'rv'] : [...fitted];
  return p.flatMap((a, i) => p.slice(i + 1).map((b): [string, string] => [a, b]));
}

/** Correlation coefficient of parameters a and b from a fit's covariance (NaN when absent or unconstrained). */
function correlation(r: FitResult, a: string, b: string): number {
  const { parameters, values } = r.covariance ?? { parameters: [], values: [] };
  const i = parameters.indexOf(a);
  const j = parameters.indexOf(b);
  const n = parameters.length;
  if (i < 0 || j < 0) return NaN;
  const c = values[i * n + j]! / Math.sqrt(values[i * n + i]! * values[j * n + j]!);
  return Number.isFinite(c) ? c : NaN;
}

/** The row of one fit result (fitSpectra's batch-relative "spectrum N" in errors becomes the id). */
export function resultRow(
  id: string,
  index: number,
  fitted: readonly string[],
  r: FitResult,
  rvFitted = true,
): ResultRow {
  const row: ResultRow = { id, index };
  for (const l of fitted) {
    row[l] = r.labels[l] ?? NaN;
    row[`${l}_err`] = r.uncertainties[l] ?? NaN;
  }
  Object.assign(row, {
    rv: r.rv,
    rv_err: r.rvUncertainty,
    chi2: r.chi2,
    reduced_chi2: r.reducedChi2,
    pixels_used: r.pixelsUsed,
    pixels_lost: r.pixelsLost ?? 0,
    evaluations: r.emulatorEvaluations,
    iterations: r.iterations,
    flags: r.flags.join(';'),
    notes: (r.notes ?? []).join('; '),
    error: r.error === undefined ? '' : r.error.replace(/^fitSpectra: spectrum \d+/, `spectrum '${id}'`),
  });
  for (const [a, b] of correlationPairs(fitted, rvFitted)) row[`corr_${a}_${b}`] = correlation(r, a, b);
  return row;
}

/** The row of a spectrum that could not be fitted at all (unreadable file, failed batch). */
export function errorRow(
  id: string,
  index: number,
  fitted: readonly string[],
  message: string,
  rvFitted = true,
): ResultRow {
  const row: ResultRow = { id, index };
  for (const l of fitted) row[l] = row[`${l}_err`] = NaN;
  Object.assign(row, {
    rv: NaN,
    rv_err: NaN,
    chi2: NaN,
    reduced_chi2: NaN,
    pixels_used: 0,
    pixels_lost: 0,
    evaluations: 0,
    iterations: 0,
    flags: 'error',
    notes: '',
    error: message,
  });
  for (const [a, b] of correlationPairs(fitted, rvFitted)) row[`corr_${a}_${b}`] = NaN;
  return row;
}
