import * as tf from '@tensorflow/tfjs';
import type { LabelSpec } from '@astroemu/emulator-core';
import { PosteriorError } from './errors';
import { type LabelPrior, type ResolvedPrior, resolvePriors } from './labelPrior';
import { toPhysicalTensor, toUnconstrained } from './labelTransform';

/** What the posterior needs of an emulator: its labels and a batched predict ([N, L] physical → [N, M] flux). */
export interface PosteriorModel {
  readonly labels: readonly LabelSpec[];
  predict(labels: tf.Tensor2D, wavelength?: tf.Tensor1D | Float64Array): tf.Tensor2D;
}

/** An observed spectrum on the model's M pixels. Pixels with mask ≠ 0, ivar ≤ 0 or non-finite flux/ivar are not used. */
export interface PosteriorSpectrum {
  flux: ArrayLike<number>;
  ivar: ArrayLike<number>;
  mask?: ArrayLike<number>;
}

/** The likelihood and prior of a batch of spectra (see {@link createLogPosterior}). */
export interface LogPosteriorOptions {
  model: PosteriorModel;
  /** Wavelengths passed to `predict` (wavelength-conditioned emulators); grid emulators predict on their own pixels. */
  wavelength?: Float64Array;
  spectra: readonly PosteriorSpectrum[];
  /** Per-label priors (default: uniform on the emulator's label box). */
  priors?: Readonly<Record<string, LabelPrior>>;
  /** Labels sampled: one list for every spectrum or one list per spectrum (default all). The others stay fixed. */
  free?: readonly string[] | readonly (readonly string[])[];
  /** Values of fixed labels: one per label (all spectra) or one per spectrum. Default: the middle of the prior box. */
  fixed?: Readonly<Record<string, number | ArrayLike<number>>>;
  /**
   * Per-pixel variance of the emulator's error, σ²_emu (see {@link emulatorVariance}); the likelihood uses
   * σ²_data + σ²_emu per pixel when `emulatorError` is on.
   */
  emulatorVariance?: ArrayLike<number>;
  /** Add emulatorVariance to the data variance (default true when emulatorVariance is given). */
  emulatorError?: boolean;
}

/** A batched log-posterior over the unconstrained label vector z (see labelTransform). */
export interface LogPosterior {
  readonly labels: readonly string[];
  readonly priors: readonly ResolvedPrior[];
  readonly spectra: number;
  readonly pixels: number;
  /** [spectra × labels] 1 where the label is sampled for that spectrum. */
  readonly free: Uint8Array;
  /** [spectra × labels] physical value of each fixed label (free entries: the box middle, unused). */
  readonly fixedValues: Float64Array;
  /** Number of free labels per spectrum. */
  readonly dimension: Int32Array;
  /**
   * log p(z | data) up to a constant for n rows z ([n × labels], row r belongs to spectrum `spectrum[r]`), one
   * emulator call for all rows; with `gradient`, also ∂ log p/∂z ([n × labels], zero for fixed labels).
   * Non-finite values come back as −Infinity.
   */
  evaluate(z: Float64Array, spectrum: Int32Array, gradient: boolean): { logp: Float64Array; grad?: Float64Array };
  /** Emulator rows predicted so far. */
  readonly evaluations: number;
  dispose(): void;
}

/**
 * Builds the log-posterior of every spectrum: Gaussian likelihood with per-pixel variance 1/ivar (+ σ²_emu), the
 * labels' priors, and the log-Jacobian of the bounded → unconstrained transform of each free label.
 */
export function createLogPosterior(who: string, opts: LogPosteriorOptions): LogPosterior {
  const { model, spectra } = opts;
  const labels = model.labels.map((l) => l.name);
  const L = labels.length;
  const B = spectra.length;
  if (B < 1) throw new PosteriorError(`${who}: spectra is empty; give at least one spectrum`);
  const priors = resolvePriors(who, model.labels, opts.priors);
  const M = spectra[0]!.flux.length;
  const emuVar = opts.emulatorVariance;
  const useEmu = emuVar !== undefined && opts.emulatorError !== false;
  if (opts.emulatorError === true && emuVar === undefined) {
    throw new PosteriorError(
      `${who}: emulatorError is true but no emulatorVariance was given (see emulatorVariance(bands))`,
    );
  }
  if (emuVar && emuVar.length !== M)
    throw new PosteriorError(`${who}: emulatorVariance has ${emuVar.length} pixels; the spectra have ${M}`);
  if (emuVar) {
    for (let j = 0; j < M; j++) {
      if (!(emuVar[j]! >= 0) || !Number.isFinite(emuVar[j]!))
        throw new PosteriorError(`${who}: emulatorVariance[${j}] = ${emuVar[j]}; expected a finite value ≥ 0`);
    }
  }

  // pixel weights 1 / (σ²_data + σ²_emu) and the observed flux (0 where unused)
  const weight = new Float32Array(B * M);
  const flux = new Float32Array(B * M);
  spectra.forEach((s, b) => {
    for (const [field, arr] of [
      ['flux', s.flux],
      ['ivar', s.ivar],
      ['mask', s.mask],
    ] as const) {
      if (arr && arr.length !== M)
        throw new PosteriorError(`${who}: spectra[${b}].${field} has ${arr.length} pixels; spectra[0].flux has ${M}`);
    }
    for (let j = 0; j < M; j++) {
      const f = s.flux[j]!;
      const iv = s.ivar[j]!;
      if (!Number.isFinite(f) || !Number.isFinite(iv) || iv <= 0 || (s.mask && s.mask[j] !== 0)) continue;
      weight[b * M + j] = 1 / (1 / iv + (useEmu ? emuVar![j]! : 0));
      flux[b * M + j] = f;
    }
  });

  // free / fixed labels per spectrum
  const freeLists =
    opts.free === undefined
      ? undefined
      : typeof opts.free[0] === 'string' || opts.free.length === 0
        ? Array(B).fill(opts.free)
        : opts.free;
  if (freeLists && freeLists.length !== B)
    throw new PosteriorError(`${who}: free has ${freeLists.length} lists; give one list or one per spectrum (${B})`);
  const free = new Uint8Array(B * L);
  const fixedValues = new Float64Array(B * L);
  const dimension = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const list = (freeLists?.[b] ?? labels) as readonly string[];
    for (const n of list)
      if (!labels.includes(n))
        throw new PosteriorError(`${who}: free names '${n}', not a label; labels are ${labels.join(', ')}`);
    labels.forEach((n, l) => {
      free[b * L + l] = list.includes(n) ? 1 : 0;
      const p = priors[l]!;
      const given = opts.fixed?.[n];
      const mid =
        Number.isFinite(p.min) && Number.isFinite(p.max)
          ? (p.min + p.max) / 2
          : p.kind === 'gaussian'
            ? p.mean
            : Number.isFinite(p.min)
              ? p.min + 1
              : p.max - 1;
      const v = given === undefined ? mid : typeof given === 'number' ? given : given[b];
      if (given !== undefined && typeof given !== 'number' && given.length !== B)
        throw new PosteriorError(`${who}: fixed.${n} has ${given.length} values; give one or one per spectrum (${B})`);
      if (v === undefined || !Number.isFinite(v))
        throw new PosteriorError(`${who}: fixed.${n}[${b}] = ${v}; expected a finite number`);
      fixedValues[b * L + l] = v;
    });
    dimension[b] = labels.reduce((s, _, l) => s + free[b * L + l]!, 0);
    if (dimension[b] === 0) throw new PosteriorError(`${who}: spectrum ${b} has no free label`);
  }

  const weightT = tf.tensor2d(weight, [B, M]);
  const fluxT = tf.tensor2d(flux, [B, M]);
  const freeT = tf.tensor2d(Float32Array.from(free), [B, L]);
  const fixedT = tf.tensor2d(Float32Array.from(fixedValues), [B, L]);
  let evaluations = 0;

  const logDensity = (z: tf.Tensor2D, idx: tf.Tensor1D): tf.Tensor1D => {
    const cols = tf.unstack(z, 1) as tf.Tensor1D[];
    const mask = tf.gather(freeT, idx);
    const maskCols = tf.unstack(mask, 1) as tf.Tensor1D[];
    const xs: tf.Tensor1D[] = [];
    let prior: tf.Tensor1D = tf.zeros([z.shape[0]]);
    cols.forEach((c, l) => {
      const p = priors[l]!;
      const { x, logJacobian } = toPhysicalTensor(p, c);
      xs.push(x);
      let term = logJacobian;
      if (p.kind === 'gaussian') term = tf.sub(term, tf.mul(0.5, tf.square(tf.div(tf.sub(x, p.mean), p.sigma))));
      else if (p.kind === 'custom') term = tf.add(term, p.logDensity(x));
      prior = tf.add(prior, tf.mul(maskCols[l]!, term));
    });
    const x = tf.stack(xs, 1) as tf.Tensor2D;
    const xFull = tf.add(tf.mul(mask, x), tf.mul(tf.sub(1, mask), tf.gather(fixedT, idx))) as tf.Tensor2D;
    const predicted = opts.wavelength ? model.predict(xFull, opts.wavelength) : model.predict(xFull);
    if (predicted.shape[1] !== M)
      throw new PosteriorError(`${who}: the model predicts ${predicted.shape[1]} pixels; the spectra have ${M}`);
    const r = tf.sub(tf.gather(fluxT, idx), predicted);
    const chi2 = tf.sum(tf.mul(tf.gather(weightT, idx), tf.square(r)), 1);
    return tf.sub(prior, tf.mul(0.5, chi2)) as tf.Tensor1D;
  };

  return {
    labels,
    priors,
    spectra: B,
    pixels: M,
    free,
    fixedValues,
    dimension,
    get evaluations() {
      return evaluations;
    },
    evaluate(z, spectrum, gradient) {
      const n = spectrum.length;
      evaluations += n;
      const zT = tf.tensor2d(Float32Array.from(z), [n, L]);
      const idx = tf.tensor1d(spectrum, 'int32');
      let logpT: tf.Tensor1D | undefined;
      let gradT: tf.Tensor | undefined;
      try {
        if (gradient) {
          gradT = tf.grad((zz: tf.Tensor) => {
            const lp = logDensity(zz as tf.Tensor2D, idx);
            logpT = tf.keep(lp);
            return tf.sum(lp);
          })(zT);
        } else {
          logpT = tf.tidy(() => logDensity(zT, idx));
        }
        const logp = Float64Array.from(logpT!.dataSync() as Float32Array, (v) => (Number.isFinite(v) ? v : -Infinity));
        if (!gradT) return { logp };
        const grad = Float64Array.from(gradT.dataSync() as Float32Array);
        for (let r = 0; r < n; r++) {
          const b = spectrum[r]!;
          for (let l = 0; l < L; l++) {
            const g = grad[r * L + l]!;
            grad[r * L + l] = free[b * L + l] && Number.isFinite(g) ? g : 0;
          }
          if (!Number.isFinite(logp[r]!)) logp[r] = -Infinity;
        }
        return { logp, grad };
      } finally {
        zT.dispose();
        idx.dispose();
        logpT?.dispose();
        gradT?.dispose();
      }
    },
    dispose() {
      weightT.dispose();
      fluxT.dispose();
      freeT.dispose();
      fixedT.dispose();
    },
  };
}

/** The unconstrained z of a physical label vector row (fixed labels: their fixed value). */
export function unconstrainedRow(post: LogPosterior, b: number, x: ArrayLike<number>): Float64Array {
  const L = post.labels.length;
  return Float64Array.from({ length: L }, (_, l) =>
    toUnconstrained(
      post.priors[l]!,
      post.free[b * L + l] ? x[l]! : clampInside(post.priors[l]!, post.fixedValues[b * L + l]!),
    ),
  );
}

function clampInside(b: { min: number; max: number }, v: number): number {
  // a fixed label's z is never used; keep it finite even when its value lies on or outside the prior box
  const eps = 1e-9 * (Number.isFinite(b.max - b.min) ? b.max - b.min : 1);
  return Math.min(Math.max(v, b.min + eps), b.max - eps);
}
