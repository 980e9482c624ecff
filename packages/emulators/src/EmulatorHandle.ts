import * as tf from '@tensorflow/tfjs';
import {
  DomainError,
  saveEmulator,
  type BundleIntegrity,
  type Emulator,
  type LabelSpec,
  type SaveEmulatorOptions,
  type WavelengthDomain,
} from '@astroemu/emulator-core';
import { interpolateLinear } from '@astroemu/grid-io';
import { fitSpectra, type FitOptions, type FitResult, type ObservedSpectrum } from '@astroemu/inference';
import { labelRows, type LabelVector } from './labelRows';
import { modelFlux } from './modelFlux';

/** A fit result with the fitted model on the observed pixels (NaN outside the emulator's grid). */
export interface FittedSpectrum extends FitResult {
  model: Float64Array;
}

/**
 * An opened emulator: physical labels and wavelengths in, typed arrays out. Grid emulators (The Payne,
 * conv) predict on their fixed grid and are resampled linearly onto a requested one; TransformerPayne
 * predicts on any grid. `emulator` is the underlying tfjs model for everything else.
 */
export class EmulatorHandle {
  constructor(readonly emulator: Emulator) {}

  get kind(): string {
    return this.emulator.kind;
  }

  get labels(): readonly LabelSpec[] {
    return this.emulator.labels;
  }

  get wavelength(): WavelengthDomain {
    return this.emulator.wavelength;
  }

  /**
   * Normalized flux for one label vector (array in label order, or `{ Teff: 5777, … }`) → Float32Array, or for
   * a list of them → one Float32Array each. `wavelength` (Å, increasing) defaults to a grid emulator's own grid;
   * a wavelength-conditioned one needs it. Labels outside their box throw a DomainError, as the emulator does.
   */
  predict(labels: LabelVector, wavelength?: ArrayLike<number>): Float32Array;
  predict(labels: readonly LabelVector[], wavelength?: ArrayLike<number>): Float32Array[];
  predict(labels: LabelVector | readonly LabelVector[], wavelength?: ArrayLike<number>): Float32Array | Float32Array[] {
    const who = `openEmulator(${this.kind}).predict`;
    const { rows, batch, single } = labelRows(who, labels, this.labels);
    const fixed = this.emulator.wavelength.fixed;
    const grid = wavelength === undefined ? undefined : Float64Array.from(wavelength);
    if (!fixed && !grid)
      throw new DomainError(
        `${who}: argument 'wavelength' is required: a '${this.kind}' emulator predicts on any grid but has none of its own`,
      );
    if (fixed && grid) checkInside(who, grid, fixed);
    const out = tf.tidy(() =>
      this.emulator.predict(tf.tensor2d(rows, [batch, this.labels.length]), fixed ? undefined : grid),
    );
    const flat = out.dataSync() as Float32Array;
    out.dispose();
    const M = out.shape[1];
    const spectra = Array.from({ length: batch }, (_, b) => {
      const row = flat.slice(b * M, (b + 1) * M);
      return fixed && grid ? Float32Array.from(interpolateLinear(grid, fixed, row)) : row;
    });
    return single ? spectra[0]! : spectra;
  }

  /** Fits labels, rv and continuum of observed spectra (@astroemu/inference's fitSpectra) and adds each fitted model flux. */
  fit(spectra: readonly ObservedSpectrum[], options: FitOptions = {}): FittedSpectrum[] {
    const results = fitSpectra(this.emulator, spectra, options);
    return results.map((r, i) => ({
      ...r,
      model: modelFlux(this.emulator, r, Float64Array.from(spectra[i]!.wavelength), options),
    }));
  }

  /** Writes the bundle folder (config.json, weights.safetensors, fingerprint, integrity.json); atomic. */
  save(dir: string, options: SaveEmulatorOptions = {}): Promise<BundleIntegrity> {
    return saveEmulator(dir, this.emulator, options);
  }

  /** Frees the emulator's tensors. */
  dispose(): void {
    this.emulator.dispose();
  }
}

function checkInside(who: string, grid: Float64Array, fixed: Float64Array): void {
  const lo = fixed[0]!;
  const hi = fixed[fixed.length - 1]!;
  const i = grid.findIndex((w) => !(w >= lo && w <= hi));
  if (i >= 0) {
    throw new DomainError(
      `${who}: argument 'wavelength' must lie within the emulator's grid [${lo}, ${hi}] Å; element ${i} is ${grid[i]}`,
    );
  }
}
