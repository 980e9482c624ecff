import { describe, expect, it } from 'vitest';
import {
  createSynthesizer,
  createLineList,
  labelVector,
  labelIndex,
  LABEL_NAMES,
  LABEL_SPECS,
  LINE_ELEMENTS,
  FIRST_ABUNDANCE_Z,
  MAX_Z,
  ELEMENT_SYMBOLS,
  mulberry32,
  type LineRecord,
} from '../src/index';

/** Equivalent width [Å] of a normalised spectrum on a wavelength grid (trapezoid). */
function equivalentWidth(w: Float64Array, f: Float32Array): number {
  let s = 0;
  for (let i = 1; i < w.length; i++)
    s += 0.5 * (2 - (f[i] as number) - (f[i - 1] as number)) * ((w[i] as number) - (w[i - 1] as number));
  return s;
}

/** A synthesizer for one or a few isolated lines on a fine grid (R = 10⁶), no hydrogen. */
function isolated(lines: LineRecord[], lo: number, hi: number) {
  return createSynthesizer({
    lineList: createLineList(lines),
    R: 1_000_000,
    lambdaMin: lo,
    lambdaMax: hi,
    hydrogen: false,
  });
}

const solar = labelVector({ Teff: 5772, logg: 4.44 });

describe('determinism', () => {
  it('same labels → same bytes; different labels → different spectra', () => {
    const a = createSynthesizer({ R: 20_000 });
    const b = createSynthesizer({ R: 20_000 });
    const l = labelVector({ Teff: 4800, logg: 4.3, metallicity: -0.4 });
    const fa = a.synthesize(l);
    expect(Buffer.from(b.synthesize(l).buffer).equals(Buffer.from(fa.buffer))).toBe(true);
    expect(
      Buffer.from(a.synthesize(labelVector({ Teff: 4801, logg: 4.3, metallicity: -0.4 })).buffer).equals(
        Buffer.from(fa.buffer),
      ),
    ).toBe(false);
  });
});

describe('abundance derivatives', () => {
  const synth = createSynthesizer();
  const base = synth.synthesize(solar);
  const params = synth.lineParameters(solar);
  const eta = synth.opacity(solar);
  const hasLines = new Set(LINE_ELEMENTS);

  it('is exactly zero at every pixel for each of the elements without lines, non-zero at line centres of the others', () => {
    let zeroElements = 0;
    for (let Z = FIRST_ABUNDANCE_Z; Z <= MAX_Z; Z++) {
      const l = Float64Array.from(solar);
      l[labelIndex(ELEMENT_SYMBOLS[Z] as string)] += 0.1;
      const f = synth.synthesize(l);
      if (!hasLines.has(Z)) {
        expect(Buffer.from(f.buffer).equals(Buffer.from(base.buffer)), `${ELEMENT_SYMBOLS[Z]} has no lines`).toBe(true);
        zeroElements++;
        continue;
      }
      // Every line of Z with S > 1e-3 whose centre pixel lies within a Doppler width and is not
      // swamped by a saturated blend, or else the element's strongest such line.
      let checked = 0;
      let strongest = -1;
      const ll = synth.lineList;
      for (let j = 0; j < ll.size; j++) {
        if (ll.Z[j] !== Z) continue;
        const i = nearestPixel(synth.wavelength, ll.lambda[j] as number);
        if (i <= 0 || i >= base.length - 1 || (eta[i] as number) > 10) continue;
        // Lines are point-sampled (as synthesis codes do): skip those falling between pixels.
        const offsetKms =
          (Math.abs((synth.wavelength[i] as number) - (ll.lambda[j] as number)) / (ll.lambda[j] as number)) *
          299792.458;
        if (offsetKms > (params.dopplerWidth[j] as number)) continue;
        const S = params.strength[j] as number;
        if (strongest < 0 || S > (params.strength[strongest] as number)) strongest = j;
        if (!(S > 1e-3)) continue;
        expect(f[i], `${ELEMENT_SYMBOLS[Z]} line at ${ll.lambda[j]} Å`).not.toBe(base[i]);
        checked++;
      }
      if (checked === 0 && strongest >= 0 && (params.strength[strongest] as number) > 2e-4) {
        const i = nearestPixel(synth.wavelength, ll.lambda[strongest] as number);
        expect(f[i], `${ELEMENT_SYMBOLS[Z]} line at ${ll.lambda[strongest]} Å`).not.toBe(base[i]);
        checked++;
      }
      expect(checked, `${ELEMENT_SYMBOLS[Z]} has checked lines`).toBeGreaterThan(0);
    }
    expect(zeroElements).toBe(MAX_Z - FIRST_ABUNDANCE_Z + 1 - LINE_ELEMENTS.length);
    expect(zeroElements).toBeGreaterThan(50);
  });

  it('Fe is the most influential element at the largest fraction of pixels (paper Fig. 7)', () => {
    const count = new Map<number, number>();
    const best = new Float64Array(base.length);
    const who = new Int32Array(base.length).fill(-1);
    for (const Z of LINE_ELEMENTS) {
      const l = Float64Array.from(solar);
      l[labelIndex(ELEMENT_SYMBOLS[Z] as string)] += 0.05;
      const f = synth.synthesize(l);
      for (let i = 0; i < f.length; i++) {
        const d = Math.abs((f[i] as number) - (base[i] as number));
        if (d > (best[i] as number)) {
          best[i] = d;
          who[i] = Z;
        }
      }
    }
    for (const Z of who) if (Z > 0) count.set(Z, (count.get(Z) ?? 0) + 1);
    const ranked = [...count.entries()].sort((a, b) => b[1] - a[1]);
    expect(ranked[0]?.[0]).toBe(26);
    expect((ranked[0]?.[1] as number) / base.length).toBeGreaterThan(0.3);
  });
});

function nearestPixel(w: Float64Array, lam: number): number {
  let a = 0;
  let b = w.length - 1;
  while (b - a > 1) {
    const m = (a + b) >> 1;
    if ((w[m] as number) < lam) a = m;
    else b = m;
  }
  return lam - (w[a] as number) < (w[b] as number) - lam ? a : b;
}

describe('curve of growth', () => {
  const line: LineRecord = { lambda: 4500, Z: 26, ion: 1, chi: 2.2, loggf: -2.2 };
  const synth = isolated([line], 4497, 4503);
  const ew = (feh: number) => {
    const l = Float64Array.from(solar);
    l[labelIndex('Fe')] = feh;
    return equivalentWidth(synth.wavelength, synth.synthesize(l));
  };
  const grid = Array.from({ length: 13 }, (_, k) => -2 + 0.25 * k);
  const w = grid.map(ew);

  it('grows monotonically and sub-linearly with [Fe/H]', () => {
    for (let k = 1; k < w.length; k++) {
      expect(w[k]).toBeGreaterThan(w[k - 1] as number);
      expect((w[k] as number) / (w[k - 1] as number)).toBeLessThan(10 ** 0.25);
    }
  });
  it('is linear for weak lines and flat (doubling → < 30 %) once saturated', () => {
    const strength = synth.lineParameters(solar).strength[0] as number;
    expect(strength).toBeGreaterThan(10); // saturated at solar [Fe/H]
    expect(ew(-2.7) / ew(-3)).toBeCloseTo(2, 1);
    expect(ew(Math.log10(2)) / ew(0)).toBeLessThan(1.3);
    expect(ew(Math.log10(2)) / ew(0)).toBeGreaterThan(1);
  });
});

describe('temperature', () => {
  it('low-excitation neutral lines weaken with rising Teff', () => {
    const synth = isolated([{ lambda: 4500, Z: 26, ion: 1, chi: 0.5, loggf: -4 }], 4499, 4501);
    const ews = [4000, 4500, 5000, 5500, 6000].map((T) =>
      equivalentWidth(synth.wavelength, synth.synthesize(labelVector({ Teff: T }))),
    );
    for (let k = 1; k < ews.length; k++) expect(ews[k]).toBeLessThan(ews[k - 1] as number);
    // In the full line list too: summed strength of Fe I lines with χ < 1 eV.
    const full = createSynthesizer({ R: 20_000 });
    const sum = (T: number) => {
      const p = full.lineParameters(labelVector({ Teff: T }));
      let s = 0;
      for (let j = 0; j < full.lineList.size; j++)
        if (full.lineList.Z[j] === 26 && full.lineList.ion[j] === 1 && (full.lineList.chi[j] as number) < 1)
          s += p.strength[j] as number;
      return s;
    };
    expect(sum(6000)).toBeLessThan(sum(5000));
    expect(sum(5000)).toBeLessThan(sum(4000));
  });
  it('Balmer wings widen with Teff over 4000–6000 K', () => {
    const synth = createSynthesizer({ lineList: createLineList([]), R: 20_000, lambdaMin: 4800, lambdaMax: 4920 });
    const width = (T: number) => {
      const f = synth.synthesize(labelVector({ Teff: T }));
      let s = 0;
      for (let i = 0; i < f.length; i++) if ((f[i] as number) < 0.95) s += 1;
      return s;
    };
    const widths = [4000, 4500, 5000, 5500, 6000].map(width);
    for (let k = 1; k < widths.length; k++) expect(widths[k]).toBeGreaterThan(widths[k - 1] as number);
    expect(widths[4]).toBeGreaterThan(3 * (widths[0] as number));
  });
});

describe('gravity', () => {
  it('ionised-line strength relative to neutral lines of the same element rises with lower log g', () => {
    const synth = isolated(
      [
        { lambda: 4500, Z: 26, ion: 1, chi: 3, loggf: -3 },
        { lambda: 4502, Z: 26, ion: 2, chi: 3, loggf: -5 },
      ],
      4499,
      4503,
    );
    const ratio = (logg: number) => {
      const f = synth.synthesize(labelVector({ logg }));
      const w = synth.wavelength;
      const mid = nearestPixel(w, 4501);
      return (
        equivalentWidth(w.subarray(mid), f.subarray(mid)) /
        equivalentWidth(w.subarray(0, mid + 1), f.subarray(0, mid + 1))
      );
    };
    expect(ratio(4.0)).toBeGreaterThan(ratio(4.5));
    expect(ratio(4.5)).toBeGreaterThan(ratio(5.0));
  });
});

describe('CH band', () => {
  it('follows [C/H] and weakens with Teff', () => {
    const synth = createSynthesizer({ R: 20_000, lambdaMin: 4280, lambdaMax: 4320, hydrogen: false });
    const depth = (T: number, c: number) => {
      const f = synth.synthesize(labelVector({ Teff: T, abundances: { C: c } }));
      return f.reduce((s, x) => s + (1 - x), 0) / f.length;
    };
    expect(depth(5000, 0.5)).toBeGreaterThan(depth(5000, 0));
    expect(depth(5000, 0)).toBeGreaterThan(depth(5000, -1));
    const gband = (T: number) => depth(T, 0.5) - depth(T, -2);
    expect(gband(4500)).toBeGreaterThan(gband(6000));
  });
});

describe('flux range', () => {
  it('stays in (0, 1] without NaN for 1000 random label vectors on the domain edges', () => {
    const synth = createSynthesizer({ R: 20_000 });
    const rand = mulberry32(7);
    const l = new Float64Array(LABEL_NAMES.length);
    let min = 1;
    for (let k = 0; k < 1000; k++) {
      for (let i = 0; i < l.length; i++) {
        const s = LABEL_SPECS[i]!;
        l[i] = rand() < 0.5 ? s.min : s.max;
      }
      const f = synth.synthesize(l);
      for (let i = 0; i < f.length; i++) {
        const x = f[i] as number;
        if (!(x > 0 && x <= 1)) throw new Error(`flux ${x} at pixel ${i} for labels ${Array.from(l.subarray(0, 3))}`);
        if (x < min) min = x;
      }
    }
    expect(min).toBeGreaterThan(0.05);
  });
});
