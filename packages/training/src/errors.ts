import { AstroemuError } from '@astroemu/emulator-core';

/**
 * Bad training options or inputs, e.g. "trainEmulator: option 'batchSize' must be a positive integer; got 0".
 * Messages say who, what, expected and got.
 */
export class TrainingError extends AstroemuError {}

/** A checkpoint that cannot be written, read or resumed from (missing tensor, mismatched run, bad format…). */
export class CheckpointError extends AstroemuError {}

/** Short description of a value for error messages. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `array(${v.length})`;
  return typeof v;
}

export function checkPositiveInt(who: string, name: string, v: unknown): number {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    throw new TrainingError(`${who}: option '${name}' must be a positive integer; got ${describe(v)}`);
  }
  return v;
}

export function checkNonNegative(who: string, name: string, v: unknown): number {
  if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
    throw new TrainingError(`${who}: option '${name}' must be a finite number ≥ 0; got ${describe(v)}`);
  }
  return v;
}
