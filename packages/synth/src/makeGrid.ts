import type { SpectralGrid } from '@astroemu/grid-io';
import { LABEL_COUNT, LABEL_NAMES, LABEL_SPECS, type LabelSpec } from './labels';
import { hashSeed, mulberry32 } from './prng';
import { synthesizerFor } from './synthesize';
import type { Synthesizer, SynthesizerOptions } from './createSynthesizer';
import { SynthArgumentError, describeValue } from './errors';

/** 'train': Teff ∈ [4000, 6000], logg ∈ [4, 5]; 'pretrain': Teff = 5000, logg = 4.5; 'validation': as train, another stream. */
export type GridKind = 'train' | 'pretrain' | 'validation';
const KIND_CODE: Record<GridKind, number> = { train: 1, pretrain: 2, validation: 3 };

export interface MakeGridOptions extends SynthesizerOptions {
  kind: GridKind;
  /** Number of spectra. */
  n: number;
  /** Seed of the labels; row i depends only on (seed, kind, i). Default 1. */
  seed?: number;
  /** Use this synthesizer instead of one built from the options. */
  synthesizer?: Synthesizer;
}

/** A grid whose spectra are generated on demand from seeds; nothing is stored. */
export interface SyntheticGrid {
  readonly kind: GridKind;
  readonly n: number;
  readonly seed: number;
  readonly labelNames: string[];
  /** The sampling domain of this kind (min = max for fixed labels). */
  readonly labelSpecs: readonly LabelSpec[];
  readonly wavelength: Float64Array;
  readonly meta: Record<string, unknown>;
  /** Labels of row i (values exactly representable in float32, so a stored grid keeps the truth). */
  labels(i: number): Float64Array;
  /** Flux of row i. */
  spectrum(i: number, out?: Float32Array): Float32Array;
  /** Rows `indices` as a SpectralGrid (labels N×100, flux N×M). */
  batch(indices: ArrayLike<number>): SpectralGrid;
  /** All rows in order, `size` per batch. */
  batches(size?: number): Generator<SpectralGrid>;
}

/** Sampling domain of a kind (Table 1 of the paper; pre-training fixes Teff = 5000 K, logg = 4.5). */
export function gridDomain(kind: GridKind): readonly LabelSpec[] {
  if (kind === 'pretrain') {
    return LABEL_SPECS.map((s) =>
      s.name === 'Teff' ? { ...s, min: 5000, max: 5000 } : s.name === 'logg' ? { ...s, min: 4.5, max: 4.5 } : s,
    );
  }
  return LABEL_SPECS;
}

/** A virtual grid of `n` spectra of a kind; same (kind, seed, options) → bit-identical spectra. */
export function makeGrid(opts: MakeGridOptions): SyntheticGrid {
  const { kind, n } = opts;
  if (!(kind in KIND_CODE)) {
    throw new SynthArgumentError('kind', 'makeGrid', "one of 'train', 'pretrain', 'validation'", describeValue(kind));
  }
  if (!(Number.isInteger(n) && n >= 0))
    throw new SynthArgumentError('n', 'makeGrid', 'a non-negative integer', describeValue(n));
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed)) throw new SynthArgumentError('seed', 'makeGrid', 'an integer', describeValue(seed));
  const synth = opts.synthesizer ?? synthesizerFor(opts);
  const specs = gridDomain(kind);
  const wavelength = synth.wavelength;
  const m = wavelength.length;
  const meta: Record<string, unknown> = {
    generator: '@astroemu/synth',
    kind,
    seed,
    n,
    medium: 'air',
    fluxUnit: 'continuum-normalised',
    lineListSeed: opts.lineList ? 'custom' : (opts.lineListSeed ?? 1),
    lineCount: synth.lineList.size,
    R: opts.wavelength ? 'custom' : (opts.R ?? 100_000),
    microturbulence: opts.microturbulence ?? 0,
    labelSpecs: specs,
  };
  const checkRow = (i: number, fn: string): void => {
    if (!(Number.isInteger(i) && i >= 0 && i < n))
      throw new SynthArgumentError('i', fn, `an integer row in [0, ${n})`, describeValue(i));
  };
  const labelsOf = (i: number): Float64Array => {
    const rand = mulberry32(hashSeed(seed, KIND_CODE[kind], i));
    const v = new Float64Array(LABEL_COUNT);
    for (let k = 0; k < LABEL_COUNT; k++) {
      const s = specs[k] as LabelSpec;
      v[k] = Math.fround(s.min + (s.max - s.min) * rand());
    }
    return v;
  };
  const grid: SyntheticGrid = {
    kind,
    n,
    seed,
    labelNames: [...LABEL_NAMES],
    labelSpecs: specs,
    wavelength,
    meta,
    labels(i) {
      checkRow(i, 'labels');
      return labelsOf(i);
    },
    spectrum(i, out) {
      checkRow(i, 'spectrum');
      return synth.synthesize(labelsOf(i), out);
    },
    batch(indices) {
      const k = indices.length;
      const labels = new Float32Array(k * LABEL_COUNT);
      const flux = new Float32Array(k * m);
      for (let r = 0; r < k; r++) {
        const i = indices[r] as number;
        checkRow(i, 'batch');
        const l = labelsOf(i);
        labels.set(l, r * LABEL_COUNT);
        synth.synthesize(l, flux.subarray(r * m, (r + 1) * m));
      }
      return { labelNames: [...LABEL_NAMES], labels, wavelength, flux, meta };
    },
    *batches(size = 256) {
      if (!(Number.isInteger(size) && size > 0))
        throw new SynthArgumentError('size', 'batches', 'a positive integer', describeValue(size));
      for (let start = 0; start < n; start += size) {
        const end = Math.min(n, start + size);
        yield grid.batch(Array.from({ length: end - start }, (_, r) => start + r));
      }
    },
  };
  return grid;
}
