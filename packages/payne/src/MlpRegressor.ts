import * as tf from '@tensorflow/tfjs';
import { BundleError, ShapeError, type LabelSpec } from '@astroemu/emulator-core';
import { readNpzInput } from './npzInput';

/**
 * A small label → quantity MLP (binspec's NN_radius: (Teff, logg, [Fe/H]) → R/R_sun; NN_Teff2_logg2:
 * (Teff1, logg1, [Fe/H], q) → (Teff2/1000, logg2)). Inputs scaled (x − min)/(max − min) − 0.5; sigmoid on every
 * hidden layer; linear output. Weights stored (out, in) as in the .npz. Differentiable (plain tf ops).
 */
export class MlpRegressor {
  readonly inputs: readonly LabelSpec[];
  readonly outputs: readonly string[];
  private readonly w: tf.Tensor2D[];
  private readonly b: tf.Tensor1D[];
  private readonly host: { w: Float64Array; b: Float64Array; out: number; in: number }[];

  constructor(
    inputs: readonly LabelSpec[],
    outputs: readonly string[],
    layers: { w: Float32Array; b: Float32Array; out: number; in: number }[],
  ) {
    let inDim = inputs.length;
    layers.forEach((l, i) => {
      if (l.in !== inDim || l.w.length !== l.out * l.in || l.b.length !== l.out) {
        throw new ShapeError(
          `MlpRegressor: layer ${i} must have w (out, ${inDim}) and b (out,); got w of ${l.w.length} values for (${l.out}, ${l.in}), b of ${l.b.length}`,
        );
      }
      inDim = l.out;
    });
    if (inDim !== outputs.length)
      throw new ShapeError(
        `MlpRegressor: last layer has ${inDim} outputs but ${outputs.length} output names were given`,
      );
    this.inputs = inputs.map((s) => ({ ...s }));
    this.outputs = [...outputs];
    this.w = layers.map((l) => tf.tensor2d(l.w, [l.out, l.in]));
    this.b = layers.map((l) => tf.tensor1d(l.b));
    this.host = layers.map((l) => ({ w: Float64Array.from(l.w), b: Float64Array.from(l.b), out: l.out, in: l.in }));
  }

  /** Inputs [B, in] in physical units → outputs [B, out]. Caller owns the result. No domain check (extrapolates). */
  predict(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const lo = tf.tensor1d(this.inputs.map((s) => s.min));
      const span = tf.tensor1d(this.inputs.map((s) => s.max - s.min));
      let h: tf.Tensor2D = x.sub(lo).div(span).sub(0.5);
      this.w.forEach((w, i) => {
        h = tf.matMul(h, w, false, true).add(this.b[i]!);
        if (i < this.w.length - 1) h = tf.sigmoid(h);
      });
      return h;
    });
  }

  /** The same in float64 on the host, one input vector. */
  predictHost(x: ArrayLike<number>): Float64Array {
    let h = Float64Array.from(this.inputs, (s, k) => (x[k]! - s.min) / (s.max - s.min) - 0.5);
    this.host.forEach((l, i) => {
      const o = new Float64Array(l.out);
      for (let r = 0; r < l.out; r++) {
        let s = l.b[r]!;
        for (let c = 0; c < l.in; c++) s += l.w[r * l.in + c]! * h[c]!;
        o[r] = i < this.host.length - 1 ? 1 / (1 + Math.exp(-s)) : s;
      }
      h = o;
    });
    return h;
  }

  /** predictHost with the exact Jacobian ∂y/∂x (row-major out × in, physical units), by forward-mode on the host. */
  jacobianHost(x: ArrayLike<number>): { y: Float64Array; jacobian: Float64Array } {
    const n = this.inputs.length;
    let h = Float64Array.from(this.inputs, (s, k) => (x[k]! - s.min) / (s.max - s.min) - 0.5);
    // dh[r * n + c] = ∂h_r/∂x_c
    let dh = new Float64Array(n * n);
    this.inputs.forEach((s, k) => (dh[k * n + k] = 1 / (s.max - s.min)));
    this.host.forEach((l, i) => {
      const o = new Float64Array(l.out);
      const d = new Float64Array(l.out * n);
      const last = i === this.host.length - 1;
      for (let r = 0; r < l.out; r++) {
        let s = l.b[r]!;
        for (let c = 0; c < l.in; c++) s += l.w[r * l.in + c]! * h[c]!;
        const a = last ? s : 1 / (1 + Math.exp(-s));
        const slope = last ? 1 : a * (1 - a);
        o[r] = a;
        for (let j = 0; j < n; j++) {
          let t = 0;
          for (let c = 0; c < l.in; c++) t += l.w[r * l.in + c]! * dh[c * n + j]!;
          d[r * n + j] = slope * t;
        }
      }
      h = o;
      dh = d;
    });
    return { y: h, jacobian: dh };
  }

  dispose(): void {
    tf.dispose([...this.w, ...this.b]);
  }
}

/**
 * Reads a regressor from The Payne's .npz layout: `w_array_i` (out, in), `b_array_i` (out), `x_min`/`x_max` (in).
 * `inputNames` (x_min order) and `outputNames` name the quantities.
 */
export async function importMlpRegressorNpz(
  npz: string | Uint8Array | ArrayBuffer,
  inputNames: readonly string[],
  outputNames: readonly string[],
): Promise<MlpRegressor> {
  const file = typeof npz === 'string' ? npz : '(bytes)';
  const a = await readNpzInput(npz);
  const xMin = a.x_min;
  const xMax = a.x_max;
  if (!xMin || !xMax)
    throw new BundleError(`importMlpRegressorNpz: ${file} has no x_min/x_max (has ${Object.keys(a).join(', ')})`, {
      tensor: 'x_min',
    });
  if (xMin.data.length !== inputNames.length) {
    throw new ShapeError(
      `importMlpRegressorNpz: ${file}: x_min has ${xMin.data.length} inputs; ${inputNames.length} input names were given`,
    );
  }
  const layers: { w: Float32Array; b: Float32Array; out: number; in: number }[] = [];
  for (let i = 0; a[`w_array_${i}`]; i++) {
    const w = a[`w_array_${i}`]!;
    const b = a[`b_array_${i}`];
    if (!b)
      throw new BundleError(`importMlpRegressorNpz: ${file} has w_array_${i} but no b_array_${i}`, {
        tensor: `b_array_${i}`,
      });
    if (w.shape.length !== 2)
      throw new ShapeError(
        `importMlpRegressorNpz: ${file}: w_array_${i} must be (out, in); got (${w.shape.join(', ')})`,
      );
    layers.push({
      w: Float32Array.from(w.data as ArrayLike<number>),
      b: Float32Array.from(b.data as ArrayLike<number>),
      out: w.shape[0]!,
      in: w.shape[1]!,
    });
  }
  if (layers.length === 0)
    throw new BundleError(`importMlpRegressorNpz: ${file} has no w_array_0`, { tensor: 'w_array_0' });
  const lo = xMin.data as ArrayLike<number>;
  const hi = xMax.data as ArrayLike<number>;
  return new MlpRegressor(
    inputNames.map((name, k) => ({ name, min: Number(lo[k]), max: Number(hi[k]) })),
    outputNames,
    layers,
  );
}
