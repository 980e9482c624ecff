import { DomainError } from './errors';

/** One stellar label (Teff, logg, [Fe/H], …) in physical units, with the bounds used for scaling. */
export interface LabelSpec {
  name: string;
  unit?: string;
  min: number;
  max: number;
}

/**
 * Checks that label specs are usable for scaling: at least one label, names non-empty and unique,
 * bounds finite with max > min. Throws DomainError naming the caller, the label and the bad value.
 */
export function validateLabelSpecs(specs: readonly LabelSpec[], who = 'validateLabelSpecs'): void {
  if (!Array.isArray(specs) || specs.length === 0) {
    throw new DomainError(
      `${who}: label specs must be a non-empty array; got ${Array.isArray(specs) ? 'an empty array' : typeof specs}`,
    );
  }
  const seen = new Set<string>();
  specs.forEach((s, i) => {
    if (typeof s?.name !== 'string' || s.name.length === 0) {
      throw new DomainError(`${who}: label ${i} must have a non-empty string name; got ${JSON.stringify(s?.name)}`);
    }
    if (seen.has(s.name)) throw new DomainError(`${who}: label name '${s.name}' appears twice (label ${i})`);
    seen.add(s.name);
    if (!Number.isFinite(s.min) || !Number.isFinite(s.max)) {
      throw new DomainError(`${who}: label '${s.name}' must have finite min and max; got min=${s.min}, max=${s.max}`);
    }
    if (!(s.max > s.min)) {
      throw new DomainError(`${who}: label '${s.name}' must have max > min; got min=${s.min}, max=${s.max}`);
    }
  });
}
