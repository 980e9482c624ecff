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
  private host?: { w0: Float64Array; b0: Float64Array; w1: Float64Array; b1: Float64Array; P: number; H: number };

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
  predictHost(labels: ArrayLike<number>, jacobian?: Float64Array[]): Float64Array {
    const { w0, b0, w1, b1, P, H } = this.hostWeights();
    const L = this.labels.length;
    const x = Float64Array.from(this.labels, (s, k) => (Number(labels[k]) - s.min) / (s.max - s.min) - 0.5);
    const flux = new Float64Array(P);
    const g = new Float64Array(L);
    for (let p = 0; p < P; p++) {
      let f = b1[p]!;
      if (jacobian) g.fill(0);
      for (let h = 0; h < H; h++) {
        const ph = p * H + h;
        const base = ph * L;
        let z = b0[ph]!;
        for (let k = 0; k < L; k++) z += w0[base + k]! * x[k]!;
        const s = 1 / (1 + Math.exp(-z));
        f += w1[ph]! * s;
        if (jacobian) {
          const d = w1[ph]! * s * (1 - s);
          for (let k = 0; k < L; k++) g[k]! += d * w0[base + k]!;
        }
      }
      flux[p] = f;
      if (jacobian) for (let k = 0; k < L; k++) jacobian[k]![p] = g[k]! / (this.labels[k]!.max - this.labels[k]!.min);
    }
    return flux;
  }

  private hostWeights() {
    if (!this.host) {
      const [P, H] = this.vars.get('w0')!.shape as [number, number, number];
      const read = (name: string) => Float64Array.from(this.vars.get(name)!.dataSync());
      this.host = { w0: read('w0'), b0: read('b0'), w1: read('w1'), b1: read('b1'), P, H };
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
