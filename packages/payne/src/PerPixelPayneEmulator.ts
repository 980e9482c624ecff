import { createPerPixelKernel, type PerPixelKernel } from './perPixelSimd';
import * as tf from '@tensorflow/tfjs';
import {
  ShapeError,
  checkFixedGrid,
  checkLabelTensor,
  scaleLabels,
  type DomainOptions,
  type Emulator,
  type EmulatorConfig,
  type HostJacobian,
  type LabelSpec,
  type WavelengthDomain,
} from '@astroemu/emulator-core';
import { perPixelPayneWeightShapes, type PerPixelPayneConfig } from './perPixelPayneConfig';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version';

/**
 * The per-pixel Payne of The Payne's 2018 networks (El-Badry, Ting et al. 2018; "binspec"): pixel p has its own
 * one-hidden-layer network,
 *
 *     x = (labels − min)/(max − min) − 0.5                                  [B, L]
 *     flux[b, p] = Σ_h w1[p,h] · sigmoid(Σ_k w0[p,h,k] · x[b,k] + b0[p,h]) + b1[p]
 *
 * evaluated for all pixels at once as one matMul x · w0ᵀ over (P·H) columns. Weights are tf.Variables named as in
 * {@link perPixelPayneWeightShapes}.
 */
export class PerPixelPayneEmulator implements Emulator, HostJacobian {
  readonly kind = 'payne-per-pixel';
  readonly labels: readonly LabelSpec[];
  readonly wavelength: WavelengthDomain;
  readonly hidden: number;
  private readonly vars: Map<string, tf.Variable>;
  private readonly cfg: PerPixelPayneConfig;
  /** float64 copies of the weights for predictHost, read on first use (dropped when trainableVariables() is asked). */
  private host?: {
    w0: Float64Array;
    b0: Float64Array;
    w1: Float64Array;
    b1: Float64Array;
    P: number;
    H: number;
    /** Scratch for the hidden layer (P·H). */
    z: Float64Array;
    /** The float64 SIMD kernel over these weights (null where WebAssembly SIMD is unavailable or turned off). */
    kernel: PerPixelKernel | null;
  };

  /**
   * predictHost through the float64 SIMD WebAssembly kernel when it loads (default true); false: the JavaScript loops
   * (the reference the kernel is tested against; also what runs without WebAssembly SIMD or with ASTROEMU_WASM_SIMD=0).
   */
  useKernel = true;

  /** Builds from a parsed config; `weights` (names/shapes of perPixelPayneWeightShapes) are copied, else zero weights. */
  constructor(config: PerPixelPayneConfig, weights?: Map<string, tf.Tensor>) {
    this.cfg = structuredClone(config);
    this.labels = this.cfg.labels;
    const fixed = Float64Array.from(this.cfg.wavelength.fixed!);
    this.wavelength = {
      min: this.cfg.wavelength.min,
      max: this.cfg.wavelength.max,
      medium: this.cfg.wavelength.medium,
      fixed,
    };
    this.hidden = this.cfg.architecture.hidden;
    this.vars = new Map();
    for (const [name, shape] of Object.entries(perPixelPayneWeightShapes(this.cfg))) {
      const w = weights?.get(name);
      if (weights && !w)
        throw new ShapeError(
          `PerPixelPayneEmulator: weights have no tensor '${name}' (expected shape [${shape.join(', ')}])`,
        );
      if (w && w.shape.join() !== shape.join()) {
        throw new ShapeError(
          `PerPixelPayneEmulator: weight '${name}' has shape [${w.shape.join(', ')}]; expected [${shape.join(', ')}]`,
        );
      }
      this.vars.set(
        name,
        tf.variable(
          w ? w.toFloat() : tf.zeros(shape),
          true,
          `payne-per-pixel/${name}/${Math.random().toString(36).slice(2)}`,
        ),
      );
    }
  }

  /** Scaled labels [B, L] → flux [B, P]. No domain check. */
  forwardScaled(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const [P, H, L] = this.vars.get('w0')!.shape as [number, number, number];
      const B = x.shape[0];
      const z = tf
        .matMul(x, this.vars.get('w0')!.reshape([P * H, L]), false, true)
        .add(this.vars.get('b0')!.reshape([P * H]));
      const h = tf.sigmoid(z).mul(this.vars.get('w1')!.reshape([P * H]));
      return h.reshape([B, P, H]).sum(2).add(this.vars.get('b1')!) as tf.Tensor2D;
    });
  }

  /**
   * Labels [B, L] in physical units → flux [B, P] on `wavelength.fixed`. Labels outside [min, max] throw a
   * DomainError unless `{ extrapolate: true }`.
   */
  predict(labels: tf.Tensor2D, wavelength?: tf.Tensor1D | Float64Array, options: DomainOptions = {}): tf.Tensor2D {
    checkLabelTensor('PerPixelPayneEmulator.predict', labels, this.labels, options);
    checkFixedGrid('PerPixelPayneEmulator.predict', wavelength, this.wavelength.fixed!);
    return tf.tidy(() => this.forwardScaled(scaleLabels(labels, this.labels)));
  }

  /**
   * The same network in float64 on the host for ONE label vector (see {@link HostJacobian}): flux[p] and, when
   * `jacobian` is given, ∂flux[p]/∂label_k = Σ_h w1[p,h]·s(1−s)·w0[p,h,k] / (max_k − min_k), s = sigmoid(z[p,h]).
   */
  predictHost(labels: ArrayLike<number>, jacobian?: Float64Array[], pixels?: Int32Array): Float64Array {
    const { w0, b0, w1, b1, P, H, z, kernel } = this.hostWeights();
    const L = this.labels.length;
    const x = Float64Array.from(this.labels, (s, k) => (Number(labels[k]) - s.min) / (s.max - s.min) - 0.5);
    const inv = Float64Array.from(this.labels, (s) => 1 / (s.max - s.min));
    // the SIMD kernel where WebAssembly has it; the plain loops below are the fallback and the reference it is tested
    // against (the binspec shapes' unrolled versions went with the kernel: it is the hot path)
    if (kernel && this.useKernel) return kernel.predict(x, inv, jacobian, pixels);
    const flux = new Float64Array(P);
    const g = new Float64Array(L);
    const pixel = (p: number) => {
      let f = b1[p]!;
      if (jacobian) g.fill(0);
      for (let h = 0, ph = p * H; h < H; h++, ph++) {
        const s = z[ph]!;
        f += w1[ph]! * s;
        if (jacobian) {
          const d = w1[ph]! * s * (1 - s);
          const base = ph * L;
          for (let k = 0; k < L; k++) g[k]! += d * w0[base + k]!;
        }
      }
      flux[p] = f;
      if (jacobian) for (let k = 0; k < L; k++) jacobian[k]![p] = g[k]! * inv[k]!;
    };
    if (pixels && !jacobian) {
      // Only the listed pixels, values only (a composite model's screening): one fused pass per pixel.
      for (let k = 0; k < pixels.length; k++) {
        const p = pixels[k]!;
        let f = b1[p]!;
        for (let ph = p * H, b = ph * L; ph < (p + 1) * H; ph++, b += L) {
          let a = b0[ph]!;
          for (let q = 0; q < L; q++) a += w0[b + q]! * x[q]!;
          f += w1[ph]! / (1 + Math.exp(-a));
        }
        flux[p] = f;
      }
      return flux;
    }
    if (pixels) {
      // Only the listed pixels (e.g. an APOGEE continuum's pixels); the others stay 0.
      for (const p of pixels) {
        for (let ph = p * H; ph < (p + 1) * H; ph++) {
          let a = b0[ph]!;
          for (let k = 0; k < L; k++) a += w0[ph * L + k]! * x[k]!;
          z[ph] = 1 / (1 + Math.exp(-a));
        }
        pixel(p);
      }
      return flux;
    }
    preActivations(w0, b0, x, z);
    // z ← sigmoid(z): the exponentials are most of the cost (one pass over P·H)
    for (let ph = 0; ph < z.length; ph++) z[ph] = 1 / (1 + Math.exp(-z[ph]!));
    for (let p = 0; p < P; p++) pixel(p);
    return flux;
  }

  private hostWeights() {
    if (!this.host) {
      const [P, H] = this.vars.get('w0')!.shape as [number, number, number];
      const read = (name: string) => Float64Array.from(this.vars.get(name)!.dataSync());
      const [w0, b0, w1, b1] = [read('w0'), read('b0'), read('w1'), read('b1')];
      const kernel = createPerPixelKernel(w0, b0, w1, b1, P, H, this.labels.length) ?? null;
      this.host = { w0, b0, w1, b1, P, H, z: new Float64Array(P * H), kernel };
    }
    return this.host;
  }

  /** The variables (asking for them drops the host copy of predictHost: the caller may change them). */
  trainableVariables(): tf.Variable[] {
    this.host = undefined;
    return [...this.vars.values()];
  }

  parameterCount(): number {
    return [...this.vars.values()].reduce((n, v) => n + v.size, 0);
  }

  config(): EmulatorConfig {
    const c = structuredClone(this.cfg) as EmulatorConfig;
    c.packageVersion = `${PACKAGE_NAME}@${PACKAGE_VERSION}`;
    return c;
  }

  weights(): Map<string, tf.Tensor> {
    return new Map(this.vars);
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

/**
 * z[ph] = b0[ph] + Σ_k w0[ph, k]·x[k] for every (pixel, hidden) row: w0 row-major (P·H) × L. Unrolled for the 4- and
 * 5-label networks of The Payne 2018 (a generic inner loop over k is ≈ 2× slower in V8).
 */
function preActivations(w0: Float64Array, b0: Float64Array, x: Float64Array, z: Float64Array): void {
  const L = x.length;
  const N = z.length;
  if (L === 5) {
    const [x0, x1, x2, x3, x4] = x as unknown as [number, number, number, number, number];
    for (let ph = 0, b = 0; ph < N; ph++, b += 5)
      z[ph] = b0[ph]! + w0[b]! * x0 + w0[b + 1]! * x1 + w0[b + 2]! * x2 + w0[b + 3]! * x3 + w0[b + 4]! * x4;
  } else if (L === 4) {
    const [x0, x1, x2, x3] = x as unknown as [number, number, number, number];
    for (let ph = 0, b = 0; ph < N; ph++, b += 4)
      z[ph] = b0[ph]! + w0[b]! * x0 + w0[b + 1]! * x1 + w0[b + 2]! * x2 + w0[b + 3]! * x3;
  } else {
    for (let ph = 0, b = 0; ph < N; ph++, b += L) {
      let s = b0[ph]!;
      for (let k = 0; k < L; k++) s += w0[b + k]! * x[k]!;
      z[ph] = s;
    }
  }
}
