import * as tf from '@tensorflow/tfjs';
import { npzArrayGetter, readNpzInput, readWavelengthInput, type WavelengthInput } from './npzInput';
import { BundleError, DomainError, ShapeError, type LabelSpec, type WavelengthMedium } from '@astroemu/emulator-core';
import { createPayne } from './createPayne';
import type { PayneEmulator } from './PayneEmulator';
import { THE_PAYNE_APOGEE_LABELS } from './thePayneLabels';

export interface ImportPayneNpzOptions {
  /** Label names in x_min order. Default: The Payne's 25 APOGEE labels when there are 25, else 'label_0', 'label_1', … */
  labelNames?: readonly string[];
  /** Units in the same order (default: those of the APOGEE labels when the default names are used). */
  labelUnits?: readonly (string | undefined)[];
  /** Air or vacuum (default 'unknown'; APOGEE grids are vacuum). */
  medium?: WavelengthMedium;
  /** Key of the grid when `wavelength` is an .npz (default 'wavelength'). */
  wavelengthKey?: string;
}

const WHO = 'importPayneNpz';

/**
 * Imports a network in The Payne's published .npz format (tingyuansen/The_Payne): `w_array_i` (out, in),
 * `b_array_i`, `x_min`, `x_max`; labels scaled (x − x_min)/(x_max − x_min) − 0.5; leaky ReLU (slope 0.01) on the
 * hidden layers; linear output. Any number of hidden layers (The Payne has 2). The wavelength grid comes separately:
 * an array, or a path / bytes of an .npz holding `wavelength` (e.g. The_Payne's other_data/apogee_wavelength.npz).
 */
export async function importPayneNpz(
  npz: string | Uint8Array | ArrayBuffer,
  wavelength: WavelengthInput,
  options: ImportPayneNpzOptions = {},
): Promise<PayneEmulator> {
  const arrays = await readNpzInput(npz);
  const get = npzArrayGetter(WHO, 'the .npz', arrays);
  let n = 0;
  while (arrays[`w_array_${n}`]) n++;
  if (n < 2)
    throw new BundleError(`${WHO}: expected w_array_0, w_array_1, … (at least 2 layers); found ${n}`, {
      tensor: `w_array_${n}`,
    });
  const xMin = Float64Array.from(get('x_min').data as ArrayLike<number>);
  const xMax = Float64Array.from(get('x_max').data as ArrayLike<number>);
  const L = xMin.length;
  if (xMax.length !== L) throw new ShapeError(`${WHO}: x_min has ${L} entries but x_max has ${xMax.length}`);

  const weights = new Map<string, tf.Tensor>();
  const hidden: number[] = [];
  let inDim = L;
  try {
    for (let i = 0; i < n; i++) {
      const w = get(`w_array_${i}`);
      const b = get(`b_array_${i}`);
      const [out, inn] = w.shape as [number, number];
      if (w.shape.length !== 2 || inn !== inDim) {
        throw new ShapeError(`${WHO}: w_array_${i} must have shape (out, ${inDim}); got (${w.shape.join(', ')})`);
      }
      if (b.shape.length !== 1 || b.shape[0] !== out) {
        throw new ShapeError(`${WHO}: b_array_${i} must have shape (${out},); got (${b.shape.join(', ')})`);
      }
      const name = i === 0 ? 'input' : i === n - 1 ? 'output' : `hidden/${i - 1}`;
      weights.set(
        `${name}/kernel`,
        tf.tidy(() => tf.tensor2d(Float32Array.from(w.data as ArrayLike<number>), [out, inn]).transpose()),
      );
      weights.set(`${name}/bias`, tf.tensor1d(Float32Array.from(b.data as ArrayLike<number>)));
      if (i < n - 1) hidden.push(out);
      inDim = out;
    }
    const grid = await readWavelengthInput(WHO, wavelength, options.wavelengthKey ?? 'wavelength');
    if (grid.length !== inDim) {
      throw new ShapeError(`${WHO}: the network predicts ${inDim} pixels but the wavelength grid has ${grid.length}`);
    }
    return createPayne({
      labels: labelSpecs(xMin, xMax, options),
      wavelength: grid,
      medium: options.medium ?? 'unknown',
      hidden,
      activation: 'leaky_relu',
      outputActivation: 'linear',
      inputScaling: 'centered',
      weights,
      training: { source: 'The Payne .npz (tingyuansen/The_Payne format)' },
    });
  } finally {
    for (const t of weights.values()) t.dispose();
  }
}

function labelSpecs(xMin: Float64Array, xMax: Float64Array, options: ImportPayneNpzOptions): LabelSpec[] {
  const L = xMin.length;
  const useApogee = options.labelNames === undefined && L === THE_PAYNE_APOGEE_LABELS.length;
  const names =
    options.labelNames ??
    (useApogee ? THE_PAYNE_APOGEE_LABELS.map((l) => l.name) : Array.from({ length: L }, (_, i) => `label_${i}`));
  if (names.length !== L)
    throw new ShapeError(`${WHO}: option labelNames has ${names.length} names; x_min has ${L} labels`);
  const units = options.labelUnits ?? (useApogee ? THE_PAYNE_APOGEE_LABELS.map((l) => l.unit) : []);
  return names.map((name, j) => {
    if (!(xMax[j]! > xMin[j]!))
      throw new DomainError(`${WHO}: label '${name}' has x_max (${xMax[j]}) ≤ x_min (${xMin[j]})`);
    const unit = units[j];
    return { name, ...(unit !== undefined && { unit }), min: xMin[j]!, max: xMax[j]! };
  });
}
