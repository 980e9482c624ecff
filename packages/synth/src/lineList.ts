import { SynthArgumentError, describeValue } from './errors';
import { MAX_Z } from './elements';

/** Molecule codes of LineList.molecule: 0 = atomic line, 1 = CH. */
export const MOLECULE_CH = 1;

/** A line list as a struct of arrays, sorted by wavelength. */
export interface LineList {
  readonly size: number;
  /** Central wavelength [Å]. */
  readonly lambda: Float64Array;
  /** Atomic number (for CH: 6, the carbon atom). */
  readonly Z: Uint8Array;
  /** Ionisation stage: 1 = neutral (I), 2 = singly ionised (II). */
  readonly ion: Uint8Array;
  /** 0 = atomic, 1 = CH molecule. */
  readonly molecule: Uint8Array;
  /** Excitation potential of the lower level [eV]. */
  readonly chi: Float64Array;
  /** log10 of the oscillator strength times the lower-level statistical weight. */
  readonly loggf: Float64Array;
  /** log10 radiative damping [s⁻¹] (FWHM); NaN → classical 2.223e15/λ². */
  readonly logGammaRad: Float64Array;
  /** log10 van der Waals damping per perturber at 10 000 K [rad s⁻¹ cm³] (VALD convention); NaN → −7.6. */
  readonly logGammaVdW: Float64Array;
}

/** One line, as used to build a LineList. */
export interface LineRecord {
  lambda: number;
  Z: number;
  ion: 1 | 2;
  molecule?: number;
  chi: number;
  loggf: number;
  logGammaRad?: number;
  logGammaVdW?: number;
}

/** Build a LineList (sorted by wavelength) from records, validating each. */
export function createLineList(records: readonly LineRecord[]): LineList {
  const order = records.map((_, i) => i);
  order.sort((a, b) => (records[a] as LineRecord).lambda - (records[b] as LineRecord).lambda || a - b);
  const n = records.length;
  const out = {
    size: n,
    lambda: new Float64Array(n),
    Z: new Uint8Array(n),
    ion: new Uint8Array(n),
    molecule: new Uint8Array(n),
    chi: new Float64Array(n),
    loggf: new Float64Array(n),
    logGammaRad: new Float64Array(n),
    logGammaVdW: new Float64Array(n),
  };
  for (let k = 0; k < n; k++) {
    const r = records[order[k] as number] as LineRecord;
    if (!(Number.isFinite(r.lambda) && r.lambda > 0)) {
      throw new SynthArgumentError(
        `records[${order[k]}].lambda`,
        'createLineList',
        'a positive wavelength in Å',
        describeValue(r.lambda),
      );
    }
    if (!(Number.isInteger(r.Z) && r.Z >= 1 && r.Z <= MAX_Z)) {
      throw new SynthArgumentError(
        `records[${order[k]}].Z`,
        'createLineList',
        `an atomic number 1 … ${MAX_Z}`,
        describeValue(r.Z),
      );
    }
    if (r.ion !== 1 && r.ion !== 2) {
      throw new SynthArgumentError(
        `records[${order[k]}].ion`,
        'createLineList',
        '1 (neutral) or 2 (singly ionised)',
        describeValue(r.ion),
      );
    }
    if (!Number.isFinite(r.chi) || !Number.isFinite(r.loggf)) {
      throw new SynthArgumentError(
        `records[${order[k]}].loggf`,
        'createLineList',
        'finite chi and loggf',
        `chi=${r.chi}, loggf=${r.loggf}`,
      );
    }
    out.lambda[k] = r.lambda;
    out.Z[k] = r.Z;
    out.ion[k] = r.ion;
    out.molecule[k] = r.molecule ?? 0;
    out.chi[k] = r.chi;
    out.loggf[k] = r.loggf;
    out.logGammaRad[k] = r.logGammaRad ?? NaN;
    out.logGammaVdW[k] = r.logGammaVdW ?? NaN;
  }
  return out;
}

/** Records of a LineList (for inspection, filtering, CSV export). */
export function lineRecords(list: LineList): LineRecord[] {
  const out: LineRecord[] = [];
  for (let k = 0; k < list.size; k++) {
    out.push({
      lambda: list.lambda[k] as number,
      Z: list.Z[k] as number,
      ion: list.ion[k] as 1 | 2,
      molecule: list.molecule[k] as number,
      chi: list.chi[k] as number,
      loggf: list.loggf[k] as number,
      logGammaRad: list.logGammaRad[k] as number,
      logGammaVdW: list.logGammaVdW[k] as number,
    });
  }
  return out;
}
