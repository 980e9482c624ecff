import * as tf from '@tensorflow/tfjs';
import { readFloat32Into } from '@astroemu/backend';
import type { Emulator } from '@astroemu/emulator-core';
import { checkPositiveInt, describe, TrainingError } from './errors';
import { FlatAdamW, flatLayout, type FlatAdamWOptions, type FlatLayout } from './FlatAdamW';
import { namedVariables } from './namedVariables';

export interface TrainStepOptions extends FlatAdamWOptions {
  /**
   * Spectra per forward + backward pass (default: the whole batch). Smaller micro-batches accumulate their gradients
   * on the host before the one AdamW update, so a batch too large for the wasm heap (the paper's 16 spectra × 8 192 λ
   * for the `small` TransformerPayne) runs in pieces; the update equals the whole batch's up to float reassociation.
   */
  microBatch?: number;
  /** Clip the batch gradient to this global L2 norm (default: no clipping). */
  clipNorm?: number;
  /** The named variables to train (default: every parameter of the emulator, {@link namedVariables}). */
  variables?: Array<[string, tf.Variable]>;
  /**
   * Training grid of a wavelength-conditioned emulator: its query encoding is computed once here (emulators with a
   * `prepareWavelengths(grid)` method, e.g. TransformerPayne) and each step's pixels are copied from it.
   */
  wavelength?: Float64Array;
  /**
   * Keep an exponential moving average of the parameters with this decay β (e.g. 0.999): after every update
   * ema ← β·ema + (1 − β)·w, starting from the parameters before the first update (no bias correction).
   */
  emaDecay?: number;
}

/** Loss and flat gradient of one batch (mean squared error over its B × K values). */
export interface BatchGradient {
  loss: number;
  grad: Float32Array;
}

export interface TrainStep {
  readonly layout: FlatLayout;
  readonly optimizer: FlatAdamW;
  readonly variables: Array<[string, tf.Variable]>;
  /**
   * Loss and gradient of MSE(predict(labels, wavelength), target), averaged over the batch, accumulated over
   * micro-batches. labels [B, L] in physical units, target [B, K], both row-major.
   */
  gradient(labels: Float32Array, target: Float32Array, batch: number, wavelength?: Float64Array): BatchGradient;
  /** One AdamW update from a batch gradient (clipped first when clipNorm is set); returns the gradient's global norm. */
  update(grad: Float32Array, lr: number): number;
  /** gradient + update: one training step; returns the loss and the gradient's global norm. */
  run(
    labels: Float32Array,
    target: Float32Array,
    batch: number,
    lr: number,
    wavelength?: Float64Array,
  ): { loss: number; gradNorm: number };
  /** The EMA of the parameters (flat, layout order; null without emaDecay); updated in place by every update. */
  ema: Float32Array | null;
  /** Every parameter in one flat buffer (layout order). */
  readParameters(): Float32Array;
  writeParameters(params: Float32Array): void;
}

/**
 * Reads variables into one flat buffer without running a kernel: straight from the wasm heap on wasm
 * (readFloat32Into), one dataSync per variable elsewhere.
 */
export function readFlat(variables: ReadonlyArray<readonly [string, tf.Tensor]>): Float32Array {
  let total = 0;
  for (const [, v] of variables) total += v.size;
  const out = new Float32Array(total);
  let o = 0;
  for (const [, v] of variables) {
    readFloat32Into(v, out, o);
    o += v.size;
  }
  return out;
}

/** Writes a flat buffer back into the variables (one upload per variable, no kernels). */
export function writeFlat(
  variables: ReadonlyArray<readonly [string, tf.Variable]>,
  layout: FlatLayout,
  params: Float32Array,
): void {
  variables.forEach(([, v], i) => {
    const o = layout.offsets[i]!;
    const t = tf.tensor(params.slice(o, o + layout.sizes[i]!), v.shape, 'float32');
    v.assign(t);
    t.dispose();
  });
}

/**
 * A training step for an emulator with AdamW as ONE flat host update over all its parameters (FlatAdamW) and gradient
 * accumulation over micro-batches. What trainEmulator runs for optimizer 'adamw' (and what each worker of
 * createParallelTrainStep runs for its share of a batch).
 */
export function createTrainStep(emulator: Emulator, opts: TrainStepOptions = {}): TrainStep {
  const who = 'createTrainStep';
  const variables = opts.variables ?? namedVariables(emulator);
  const layout = flatLayout(variables.map(([n, v]) => [n, v] as const));
  const optimizer = new FlatAdamW(layout, opts);
  const microBatch = opts.microBatch === undefined ? undefined : checkPositiveInt(who, 'microBatch', opts.microBatch);
  if (opts.clipNorm !== undefined && !(opts.clipNorm > 0))
    throw new TrainingError(`${who}: option 'clipNorm' must be > 0; got ${describe(opts.clipNorm)}`);
  const conditioned = emulator.wavelength.fixed === undefined;
  const prepare = (emulator as { prepareWavelengths?: (grid: Float64Array) => void }).prepareWavelengths;
  if (conditioned && opts.wavelength && typeof prepare === 'function') prepare.call(emulator, opts.wavelength);
  const varList = variables.map(([, v]) => v);
  const indexByTfName = new Map(variables.map(([, v], i) => [v.name, i]));
  const L = emulator.labels.length;
  const emaDecay = opts.emaDecay;
  if (emaDecay !== undefined && !(emaDecay > 0 && emaDecay < 1))
    throw new TrainingError(`${who}: option 'emaDecay' must be in (0, 1); got ${describe(emaDecay)}`);

  function gradient(
    labels: Float32Array,
    target: Float32Array,
    batch: number,
    wavelength?: Float64Array,
  ): BatchGradient {
    const B = checkPositiveInt(`${who}.gradient`, 'batch', batch);
    if (labels.length !== B * L)
      throw new TrainingError(`${who}.gradient: expected ${B} × ${L} labels; got ${labels.length} values`);
    if (target.length % B !== 0)
      throw new TrainingError(`${who}.gradient: target has ${target.length} values, not a multiple of the batch ${B}`);
    const K = target.length / B;
    if (conditioned && (wavelength === undefined || wavelength.length !== K)) {
      throw new TrainingError(
        `${who}.gradient: a wavelength-conditioned emulator needs the ${K} wavelengths of the targets; got ${wavelength?.length ?? 'none'}`,
      );
    }
    const mb = Math.min(B, microBatch ?? B);
    const grad = new Float32Array(layout.total);
    const part = mb < B ? new Float32Array(layout.total) : undefined;
    let loss = 0;
    for (let b0 = 0; b0 < B; b0 += mb) {
      const n = Math.min(mb, B - b0);
      // Σ over the micro-batch / (B·K): the micro-batches' losses and gradients add up to the batch mean
      const scale = 1 / (B * K);
      const { value, ordered } = tf.tidy(() => {
        const x = tf.tensor2d(labels.subarray(b0 * L, (b0 + n) * L), [n, L], 'float32');
        const y = tf.tensor2d(target.subarray(b0 * K, (b0 + n) * K), [n, K], 'float32');
        const { value, grads } = tf.variableGrads(() => {
          const predicted = conditioned ? emulator.predict(x, wavelength) : emulator.predict(x);
          return tf.mul(tf.sum(tf.squaredDifference(predicted, y)), scale) as tf.Scalar;
        }, varList);
        const ordered: Array<tf.Tensor | undefined> = new Array(variables.length).fill(undefined);
        for (const [name, g] of Object.entries(grads)) {
          const i = indexByTfName.get(name);
          if (i === undefined) throw new TrainingError(`${who}: got a gradient for unknown variable '${name}'`);
          ordered[i] = g;
        }
        return { value, ordered };
      });
      loss += value.dataSync()[0]!;
      // each gradient read straight into the flat buffer (no reshape/concat kernels); a variable the loss does not
      // reach keeps zeros
      const into = b0 === 0 || part === undefined ? grad : part;
      if (into === part) part.fill(0);
      ordered.forEach((g, i) => {
        if (g !== undefined) readFloat32Into(g, into, layout.offsets[i]!);
      });
      if (into === part) for (let i = 0; i < grad.length; i++) grad[i]! += part[i]!;
      value.dispose();
      tf.dispose(ordered.filter((g): g is tf.Tensor => g !== undefined));
    }
    return { loss, grad };
  }

  function update(grad: Float32Array, lr: number): number {
    let sq = 0;
    for (let i = 0; i < grad.length; i++) sq += grad[i]! * grad[i]!;
    const norm = Math.sqrt(sq);
    if (opts.clipNorm !== undefined && norm > opts.clipNorm) {
      const s = opts.clipNorm / norm;
      for (let i = 0; i < grad.length; i++) grad[i]! *= s;
    }
    const params = readFlat(variables);
    if (emaDecay !== undefined && self.ema === null) self.ema = params.slice();
    optimizer.apply(params, grad, lr);
    writeFlat(variables, layout, params);
    const ema = self.ema;
    if (emaDecay !== undefined && ema)
      for (let i = 0; i < ema.length; i++) ema[i] = emaDecay * ema[i]! + (1 - emaDecay) * params[i]!;
    return norm;
  }

  const self: TrainStep = {
    layout,
    optimizer,
    variables,
    ema: null,
    gradient,
    update,
    run(labels, target, batch, lr, wavelength) {
      const { loss, grad } = gradient(labels, target, batch, wavelength);
      const gradNorm = update(grad, lr);
      return { loss, gradNorm };
    },
    readParameters: () => readFlat(variables),
    writeParameters: (params) => {
      if (params.length !== layout.total)
        throw new TrainingError(`${who}.writeParameters: expected ${layout.total} values; got ${params.length}`);
      writeFlat(variables, layout, params);
    },
  };
  return self;
}
