import { DomainError } from './errors';

export type NumericArray = Float64Array | Float32Array | ArrayLike<number>;

/** Wavelengths must be finite and strictly increasing. */
export function checkWavelength(fn: string, arg: string, w: NumericArray): void {
  if (w.length === 0) throw new DomainError(`Argument '${arg}' passed to '${fn}' must not be empty`);
  for (let i = 0; i < w.length; i++) {
    const x = w[i]!;
    if (!Number.isFinite(x))
      throw new DomainError(`Argument '${arg}' passed to '${fn}' must be finite; pixel ${i} is ${x}`);
    if (i > 0 && !(x > w[i - 1]!)) {
      throw new DomainError(
        `Argument '${arg}' passed to '${fn}' must be increasing; pixel ${i} (${x} Å) ≤ pixel ${i - 1} (${w[i - 1]} Å)`,
      );
    }
  }
}

export function checkSameLength(fn: string, arg: string, a: NumericArray, ref: string, b: NumericArray): void {
  if (a.length !== b.length) {
    throw new DomainError(
      `Argument '${arg}' passed to '${fn}' must have the length of '${ref}' (${b.length}); got ${a.length}`,
    );
  }
}

export function checkFinite(fn: string, arg: string, x: number): void {
  if (!Number.isFinite(x)) throw new DomainError(`Argument '${arg}' passed to '${fn}' must be finite; got ${x}`);
}
