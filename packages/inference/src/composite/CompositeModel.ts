import * as tf from '@tensorflow/tfjs';
import type { Emulator } from '@astroemu/emulator-core';
import { apogeeContinuumOperator, dopplerFactor, type ApogeeContinuumOperator } from '@astroemu/grid-io';
import { apogeeContinuumTensor } from '../apogeeContinuumTensor';
import {
  evalExpr,
  expandParameters,
  validateCompositeSpec,
  CompositeSpecError,
  type CompositeModelSpec,
  type ExpandedParameter,
  type HostRegressor,
} from './compositeSpec';
import { HostCompositeEvaluator, supportsHostEvaluation, type HostCompositeEvaluation } from './compositeHost';

/** One observed exposure as the composite model sees it: its pixel grid and its σ (which fix the continuum operator). */
export interface CompositeExposure {
  wavelength: Float64Array;
  sigma: ArrayLike<number>;
}

export interface CompositeModelOptions {
  emulators: Record<string, Emulator>;
  regressors?: Record<string, HostRegressor>;
  /** The continuum pixels for normalize: 'apogee' (the Cannon's pixels_cannon). */
  continuumPixels?: ArrayLike<boolean | number>;
  /** Chips for normalize: 'apogee' (default grid-io's APOGEE_CHIPS). */
  chips?: readonly (readonly [number, number])[];
  /** false: never use the float64 host path, even when every emulator offers it (default: use it when available). */
  host?: boolean;
  /**
   * The pixel subset of screening evaluations (host path only; false = none): blocks of `block` pixels, one block in
   * every `every` (default 128, 4: a quarter of the pixels, spread over each chip). The model there is the full
   * model's (its continuum is fitted on every continuum pixel, which are evaluated too). fitComposite scores its
   * quasi-random candidates and velocity scans on it.
   */
  screening?: { block?: number; every?: number } | false;
}

type PredictWithOptions = (
  labels: tf.Tensor2D,
  wavelength?: tf.Tensor1D | Float64Array,
  options?: object,
) => tf.Tensor2D;

/**
 * A composite spectral model bound to its emulators and to N exposures: θ (see `parameters`) → model flux of every
 * exposure. For each component k: n_k = emulator(labels_k); with a continuum emulator, n_k · Cont(u_k; σ_e); times the
 * weight W_k; Doppler-shifted to RV_k(e) (relativistic factor, linear interpolation, edges held, indices computed in
 * float64 on the host); summed; with normalize 'apogee' divided by its own continuum (weights 1/σ_e). Evaluates many θ
 * at once (one predict per component for all rows).
 */
export class CompositeModel {
  readonly spec: CompositeModelSpec;
  readonly parameters: ExpandedParameter[];
  readonly exposures: CompositeExposure[];
  private readonly emulators: Record<string, Emulator>;
  private readonly regressors: Record<string, HostRegressor>;
  private readonly continuum: (ApogeeContinuumOperator | undefined)[];
  private readonly indexOf: (name: string, exposure: number) => number;
  private readonly host: HostCompositeEvaluator | undefined;
  private readonly screen: HostCompositeEvaluator | undefined;
  /** The observed pixels of each exposure that screening evaluations compute (undefined: no screening subset). */
  readonly screeningPixels: Int32Array[] | undefined;

  constructor(spec: CompositeModelSpec, exposures: CompositeExposure[], options: CompositeModelOptions) {
    const labelsOf = Object.fromEntries(Object.entries(options.emulators).map(([k, e]) => [k, e.labels.length]));
    validateCompositeSpec(spec, labelsOf, options.regressors ?? {});
    if (exposures.length === 0) throw new CompositeSpecError(`model '${spec.name}': needs at least one exposure`);
    this.spec = spec;
    this.exposures = exposures;
    this.emulators = options.emulators;
    this.regressors = options.regressors ?? {};
    this.parameters = expandParameters(spec, exposures.length);
    const at = new Map(
      this.parameters.map((p, i) => [p.exposure === undefined ? p.name : `${p.base}[${p.exposure}]`, i]),
    );
    const perExposure = new Set(spec.parameters.filter((p) => p.perExposure).map((p) => p.name));
    this.indexOf = (name, e) => at.get(perExposure.has(name) ? `${name}[${e}]` : name)!;
    const needs = spec.normalize === 'apogee' || spec.components.some((c) => c.continuumEmulator !== undefined);
    if (needs && !options.continuumPixels)
      throw new CompositeSpecError(`model '${spec.name}': APOGEE continuum needs options.continuumPixels`);
    this.continuum = exposures.map((x, e) => {
      if (!needs) return undefined;
      if (x.sigma.length !== x.wavelength.length)
        throw new CompositeSpecError(
          `exposure ${e}: sigma has ${x.sigma.length} pixels but wavelength has ${x.wavelength.length}`,
        );
      return apogeeContinuumOperator(x.sigma, {
        continuumPixels: options.continuumPixels!,
        ...(options.chips && { chips: options.chips }),
      });
    });
    for (const c of spec.components) {
      const em = this.emulators[c.emulator]!;
      if (!em.wavelength.fixed)
        throw new CompositeSpecError(
          `model '${spec.name}': emulator '${c.emulator}' has no fixed grid; composite models need grid emulators for now`,
        );
      if (
        c.continuumEmulator &&
        this.emulators[c.continuumEmulator]!.wavelength.fixed?.length !== em.wavelength.fixed.length
      ) {
        throw new CompositeSpecError(
          `model '${spec.name}': continuum emulator '${c.continuumEmulator}' must share the grid of '${c.emulator}'`,
        );
      }
    }
    const hostContext = {
      spec,
      emulators: this.emulators,
      regressors: this.regressors,
      observed: exposures.map((x) => x.wavelength),
      continuum: this.continuum,
      indexOf: this.indexOf,
    };
    this.host =
      options.host !== false && supportsHostEvaluation(spec, this.emulators)
        ? new HostCompositeEvaluator({ ...hostContext })
        : undefined;
    const sc = options.screening === false ? undefined : (options.screening ?? {});
    if (this.host && sc) {
      const block = sc.block ?? 128;
      const every = sc.every ?? 4;
      this.screeningPixels = exposures.map((x) =>
        Int32Array.from(
          Array.from({ length: x.wavelength.length }, (_, i) => i).filter((i) => Math.floor(i / block) % every === 1),
        ),
      );
      // Evaluated: the subset and the continuum fit's pixels (the same operator as the full model: exact on the subset).
      const evaluated = this.screeningPixels.map((S, e) => {
        const keep = new Uint8Array(exposures[e]!.wavelength.length);
        for (const i of S) keep[i] = 1;
        for (const chip of this.continuum[e]?.chips ?? []) chip.used.forEach((u, j) => u && (keep[chip.start + j] = 1));
        return Int32Array.from(keep.reduce<number[]>((acc, k, i) => (k ? (acc.push(i), acc) : acc), []));
      });
      this.screen = new HostCompositeEvaluator({ ...hostContext, subset: evaluated });
    }
  }

  /**
   * Model flux at ONE θ on the screening subset ({@link screeningPixels}, equal to {@link evaluateHost}'s there; the
   * continuum pixels are computed too, other pixels are 0): about a third of the cost, for ranking candidates.
   * Undefined when the model has no screening subset.
   */
  evaluateScreening(theta: ArrayLike<number>): HostCompositeEvaluation | undefined {
    return this.screen?.evaluate(theta);
  }

  /** Whether the float64 host path with exact Jacobians is available (every emulator offers HostJacobian). */
  get hasHostEvaluation(): boolean {
    return this.host !== undefined;
  }

  /**
   * Model flux of every exposure at ONE θ in float64 on the host and, with `withJacobian`, ∂flux/∂θ_j per exposure
   * (undefined where it is identically zero). Throws when {@link hasHostEvaluation} is false.
   */
  evaluateHost(theta: ArrayLike<number>, withJacobian = false): HostCompositeEvaluation {
    if (!this.host)
      throw new CompositeSpecError(
        `model '${this.spec.name}': evaluateHost needs emulators with predictHost (HostJacobian), e.g. payne-per-pixel`,
      );
    return this.host.evaluate(theta, withJacobian);
  }

  /** Value of expression-bearing quantities for reporting: labels, RVs and weights of each component at θ. */
  describe(theta: ArrayLike<number>): { labels: number[]; rv: number[]; weight: number }[] {
    return this.spec.components.map((c) => ({
      labels: c.labels.map((x) => evalExpr(x, theta, this.indexOf, 0, this.regressors)),
      rv: this.exposures.map((_, e) => evalExpr(c.rv, theta, this.indexOf, e, this.regressors)),
      weight: c.weight === undefined ? 1 : evalExpr(c.weight, theta, this.indexOf, 0, this.regressors),
    }));
  }

  /**
   * Model flux for B parameter vectors: [exposure][B × M_e] (row-major Float32Array per exposure). With `tensors`,
   * returns the tf tensors [B, M_e] instead (caller disposes).
   */
  evaluate(thetas: readonly ArrayLike<number>[]): Float32Array[] {
    const out = tf.tidy(() => this.evaluateTensors(thetas));
    const host = out.map((t) => t.dataSync() as Float32Array);
    tf.dispose(out);
    return host;
  }

  evaluateTensors(thetas: readonly ArrayLike<number>[]): tf.Tensor2D[] {
    const B = thetas.length;
    const E = this.exposures.length;
    const quiet = { extrapolate: true, warn: () => {} };
    return tf.tidy(() => {
      const sums: (tf.Tensor2D | undefined)[] = new Array(E).fill(undefined);
      for (const c of this.spec.components) {
        const em = this.emulators[c.emulator]!;
        const rest = em.wavelength.fixed!;
        const P = rest.length;
        const lab = (exprs: typeof c.labels) => {
          const a = new Float32Array(B * exprs.length);
          thetas.forEach((th, b) =>
            exprs.forEach((x, i) => (a[b * exprs.length + i] = evalExpr(x, th, this.indexOf, 0, this.regressors))),
          );
          return tf.tensor2d(a, [B, exprs.length]);
        };
        const n = (em.predict as PredictWithOptions).call(em, lab(c.labels), undefined, quiet);
        const u = c.continuumEmulator
          ? (this.emulators[c.continuumEmulator]!.predict as PredictWithOptions).call(
              this.emulators[c.continuumEmulator],
              lab(c.continuumLabels!),
              undefined,
              quiet,
            )
          : undefined;
        const w = Float32Array.from(thetas, (th) =>
          c.weight === undefined ? 1 : evalExpr(c.weight, th, this.indexOf, 0, this.regressors),
        );
        const wt = tf.tensor2d(w, [B, 1]);
        for (let e = 0; e < E; e++) {
          const op = this.continuum[e];
          let f: tf.Tensor2D = u ? (n.mul(apogeeContinuumTensor(op!, u)) as tf.Tensor2D) : n;
          f = f.mul(wt);
          const rv = thetas.map((th) => evalExpr(c.rv, th, this.indexOf, e, this.regressors));
          const g = shiftRows(rest, f, P, this.exposures[e]!.wavelength, rv);
          sums[e] = sums[e] ? (sums[e]!.add(g) as tf.Tensor2D) : g;
        }
      }
      return sums.map((F, e) =>
        this.spec.normalize === 'apogee' ? F!.div(apogeeContinuumTensor(this.continuum[e]!, F!)) : F!,
      ) as tf.Tensor2D[];
    });
  }

  /** The continuum operator of exposure e (for normalising data the same way), if the model uses one. */
  continuumOperator(e: number): ApogeeContinuumOperator | undefined {
    return this.continuum[e];
  }
}

/**
 * Row b of `flux` [B, P] on `rest` evaluated at observed[i] / D(v_b) by linear interpolation (np.interp: edge values
 * held). Bracketing and weights in float64 on the host; gather + lerp in tf.
 */
export function shiftRows(
  rest: Float64Array,
  flux: tf.Tensor2D,
  P: number,
  observed: Float64Array,
  velocities: readonly number[],
): tf.Tensor2D {
  const B = velocities.length;
  const M = observed.length;
  const lo = new Int32Array(B * M);
  const t = new Float32Array(B * M);
  for (let b = 0; b < B; b++) {
    const d = dopplerFactor(velocities[b]!);
    let j = 0;
    for (let i = 0; i < M; i++) {
      const q = observed[i]! / d;
      let k: number;
      let frac: number;
      if (q <= rest[0]!) {
        k = 0;
        frac = 0;
      } else if (q >= rest[P - 1]!) {
        k = P - 2;
        frac = 1;
      } else {
        if (rest[j]! > q) j = 0;
        while (rest[j + 1]! <= q) j++;
        k = j;
        frac = (q - rest[k]!) / (rest[k + 1]! - rest[k]!);
      }
      lo[b * M + i] = b * P + k;
      t[b * M + i] = frac;
    }
  }
  return tf.tidy(() => {
    const flat = flux.reshape([B * P]);
    const i0 = tf.tensor2d(lo, [B, M], 'int32');
    const y0 = tf.gather(flat, i0);
    const y1 = tf.gather(flat, i0.add(tf.scalar(1, 'int32')));
    return y0.add(tf.tensor2d(t, [B, M]).mul(y1.sub(y0))) as tf.Tensor2D;
  });
}
