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
export function resultColumns(fitted: readonly string[]): ResultColumn[] {
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
    { name: 'evaluations', type: 'double' }, // emulator rows; rows shared by spectra at equal labels count as fractions
    { name: 'iterations', type: 'int' },
    { name: 'flags', type: 'string' },
    { name: 'error', type: 'string' },
  ];
}

/** The row of one fit result (fitSpectra's batch-relative "spectrum N" in errors becomes the id). */
export function resultRow(id: string, index: number, fitted: readonly string[], r: FitResult): ResultRow {
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
    evaluations: r.emulatorEvaluations,
    iterations: r.iterations,
    flags: r.flags.join(';'),
    error: r.error === undefined ? '' : r.error.replace(/^fitSpectra: spectrum \d+/, `spectrum '${id}'`),
  });
  return row;
}

/** The row of a spectrum that could not be fitted at all (unreadable file, failed batch). */
export function errorRow(id: string, index: number, fitted: readonly string[], message: string): ResultRow {
  const row: ResultRow = { id, index };
  for (const l of fitted) row[l] = row[`${l}_err`] = NaN;
  Object.assign(row, { rv: NaN, rv_err: NaN, chi2: NaN, reduced_chi2: NaN, pixels_used: 0, evaluations: 0, iterations: 0, flags: 'error', error: message });
  return row;
}
