import { DomainError, type LabelSpec, type WavelengthDomain } from '@astroemu/emulator-core';

/** What to do with inputs outside the trained domain: throw (default) or warn and go on (`extrapolate: true`). */
export interface DomainOptions {
  /** Predict outside the trained label / wavelength domain, with a warning instead of a DomainError. */
  extrapolate?: boolean;
  /** Where warnings go (default console.warn). */
  warn?: (message: string) => void;
}

function report(message: string, opts: DomainOptions): void {
  if (opts.extrapolate !== true) throw new DomainError(`${message} (pass { extrapolate: true } to predict anyway)`);
  (opts.warn ?? console.warn)(`${message}; extrapolating`);
}

/**
 * Checks labels [B, L] (row-major, physical units) against the trained bounds. Non-finite values always throw;
 * the first value outside [min, max] throws a DomainError naming label, spectrum, value and bounds, or warns.
 */
export function checkLabelDomain(who: string, values: ArrayLike<number>, specs: readonly LabelSpec[], opts: DomainOptions = {}): void {
  const L = specs.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const spec = specs[i % L]!;
    const row = Math.floor(i / L);
    if (!Number.isFinite(v)) {
      throw new DomainError(`Argument 'labels' passed to '${who}' must be finite; label '${spec.name}' of spectrum ${row} is ${v}`);
    }
    if (v < spec.min || v > spec.max) {
      report(
        `Argument 'labels' passed to '${who}' is outside the trained domain: label '${spec.name}' of spectrum ${row} is ${v}, ` +
          `expected within [${spec.min}, ${spec.max}]${spec.unit ? ` ${spec.unit}` : ''}`,
        opts,
      );
      return;
    }
  }
}

/**
 * Checks a wavelength grid (Å): every value finite and > 0, and inside the trained [min, max] (else DomainError,
 * or a warning with `extrapolate`). The grid may be in any order: every wavelength is an independent query.
 */
export function checkWavelengthDomain(who: string, grid: Float64Array, domain: WavelengthDomain, opts: DomainOptions = {}): void {
  if (grid.length === 0) throw new DomainError(`Argument 'wavelength' passed to '${who}' must hold at least one wavelength; got 0`);
  let outside = -1;
  for (let i = 0; i < grid.length; i++) {
    const w = grid[i]!;
    if (!Number.isFinite(w) || w <= 0) {
      throw new DomainError(`Argument 'wavelength' passed to '${who}' must be finite and > 0 (Angstrom); element ${i} is ${w}`);
    }
    if (outside < 0 && (w < domain.min || w > domain.max)) outside = i;
  }
  if (outside >= 0) {
    report(
      `Argument 'wavelength' passed to '${who}' is outside the trained domain: element ${outside} is ${grid[outside]} Å, ` +
        `expected within [${domain.min}, ${domain.max}] Å`,
      opts,
    );
  }
}
