import * as tf from '@tensorflow/tfjs';
import type { NpyArray } from '@astroemu/grid-io';
import { npzArrayGetter, readNpzInput, readWavelengthInput, type WavelengthInput } from './npzInput';
import {
  BundleError,
  DomainError,
  FORMAT_VERSION,
  ShapeError,
  type LabelSpec,
  type WavelengthMedium,
} from '@astroemu/emulator-core';
import { parsePerPixelPayneConfig } from './perPixelPayneConfig';
import { PerPixelPayneEmulator } from './PerPixelPayneEmulator';

export interface ImportPerPixelPayneNpzOptions {
  /** Label names in x_min order (default 'label_0', …; see BINSPEC_LABELS for the 2018 APOGEE networks). */
  labelNames?: readonly string[];
  /** Units in the same order. */
  labelUnits?: readonly (string | undefined)[];
  /** Air or vacuum (default 'unknown'; APOGEE grids are vacuum). */
  medium?: WavelengthMedium;
  /** Key of the grid when `wavelength` is an .npz (default 'wavelength'). */
  wavelengthKey?: string;
}

const WHO = 'importPerPixelPayneNpz';

/**
 * Imports a per-pixel network in The Payne's 2018 .npz format (binspec's NN_normalized_spectra.npz,
 * NN_unnormalized_spectra.npz): `w_array_0` (P, H, L), `b_array_0` (P, H), `w_array_1` (P, H), `b_array_1` (P),
 * `x_min`/`x_max` (L); sigmoid hidden layer, linear output. The wavelength grid (P pixels) comes separately: an
 * array, or a path / bytes of an .npz holding `wavelength` (The_Payne's other_data/apogee_wavelength.npz).
 */
export async function importPerPixelPayneNpz(
  npz: string | Uint8Array | ArrayBuffer,
  wavelength: WavelengthInput,
  options: ImportPerPixelPayneNpzOptions = {},
): Promise<PerPixelPayneEmulator> {
  const file = typeof npz === 'string' ? npz : '(bytes)';
  const arrays = await readNpzInput(npz);
  const get = npzArrayGetter(WHO, file, arrays);
  const w0 = get('w_array_0');
  const b0 = get('b_array_0');
  const w1 = get('w_array_1');
  const b1 = get('b_array_1');
  const xMin = Float64Array.from(get('x_min').data as ArrayLike<number>);
  const xMax = Float64Array.from(get('x_max').data as ArrayLike<number>);
  if (w0.shape.length !== 3)
    throw new ShapeError(`${WHO}: ${file}: w_array_0 must have shape (P, H, L); got (${w0.shape.join(', ')})`);
  const [P, H, L] = w0.shape as [number, number, number];
  const expect = (a: NpyArray, key: string, shape: number[]): void => {
    if (a.shape.join() !== shape.join())
      throw new ShapeError(
        `${WHO}: ${file}: ${key} must have shape (${shape.join(', ')}); got (${a.shape.join(', ')})`,
      );
  };
  expect(b0, 'b_array_0', [P, H]);
  expect(w1, 'w_array_1', [P, H]);
  expect(b1, 'b_array_1', [P]);
  if (xMin.length !== L || xMax.length !== L)
    throw new ShapeError(
      `${WHO}: ${file}: x_min/x_max must have ${L} entries (w_array_0 has L = ${L}); got ${xMin.length}/${xMax.length}`,
    );
  const grid = await readWavelengthInput(WHO, wavelength, options.wavelengthKey ?? 'wavelength');
  if (grid.length !== P)
    throw new ShapeError(`${WHO}: ${file} predicts ${P} pixels but the wavelength grid has ${grid.length}`);
  const config = parsePerPixelPayneConfig({
    kind: 'payne-per-pixel',
    formatVersion: FORMAT_VERSION,
    labels: labelSpecs(xMin, xMax, options),
    wavelength: {
      min: grid[0],
      max: grid[grid.length - 1],
      medium: options.medium ?? 'unknown',
      fixed: Array.from(grid),
    },
    architecture: { hidden: H, activation: 'sigmoid' },
    training: { source: 'per-pixel Payne .npz (The_Payne 2018 / binspec format)' },
  });
  const f32 = (a: NpyArray) => Float32Array.from(a.data as ArrayLike<number>);
  const weights = new Map<string, tf.Tensor>([
    ['w0', tf.tensor3d(f32(w0), [P, H, L])],
    ['b0', tf.tensor2d(f32(b0), [P, H])],
    ['w1', tf.tensor2d(f32(w1), [P, H])],
    ['b1', tf.tensor1d(f32(b1))],
  ]);
  try {
    return new PerPixelPayneEmulator(config, weights);
  } finally {
    for (const t of weights.values()) t.dispose();
  }
}

function labelSpecs(xMin: Float64Array, xMax: Float64Array, options: ImportPerPixelPayneNpzOptions): LabelSpec[] {
  const L = xMin.length;
  const names = options.labelNames ?? Array.from({ length: L }, (_, i) => `label_${i}`);
  if (names.length !== L)
    throw new ShapeError(`${WHO}: option labelNames has ${names.length} names; x_min has ${L} labels`);
  const units = options.labelUnits ?? [];
  return names.map((name, j) => {
    if (!(xMax[j]! > xMin[j]!))
      throw new DomainError(`${WHO}: label '${name}' has x_max (${xMax[j]}) ≤ x_min (${xMin[j]})`);
    const unit = units[j];
    return { name, ...(unit !== undefined && { unit }), min: xMin[j]!, max: xMax[j]! };
  });
}
