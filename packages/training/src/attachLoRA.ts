import * as tf from '@tensorflow/tfjs';
import { matMul } from '@astroemu/attention';
import type { Emulator } from '@astroemu/emulator-core';
import { checkPositiveInt, describe, TrainingError } from './errors';
import { SeededRandom } from './SeededRandom';

/** A parameter store whose layers read `adapter(w)` at apply time: @astroemu/attention's Parameters. */
export interface AdaptableStore {
  entries(): Array<[string, tf.Variable]>;
  /** Route reads of `name` through `adapter`; `null` removes it. */
  setAdapter(name: string, adapter: ((w: tf.Variable) => tf.Tensor) | null): void;
}

export interface LoRAOptions {
  /** Rank r of each adapter. */
  rank: number;
  /** Scale α: the update is (α / r)·A·B (default α = r, i.e. scale 1). */
  alpha?: number;
  /** Which parameters get an adapter (default: every rank-2 parameter whose name ends in '/kernel'). */
  targets?: (name: string, shape: readonly number[]) => boolean;
  /** Seed of the A initialisation (default 0). */
  seed?: number;
}

export interface LoRAAdapters {
  readonly rank: number;
  readonly scale: number;
  /** Names of the adapted base parameters. */
  readonly targets: readonly string[];
  /** The trainable adapter variables, named `lora/<base name>/a` [in, r] and `lora/<base name>/b` [r, out]. */
  entries(): Array<[string, tf.Variable]>;
  /** w ← w + (α/r)·A·B for every target, then removes the adapters and frees A and B. */
  merge(): void;
  /** Removes the adapters without changing the base weights, and frees A and B. */
  dispose(): void;
}

let instances = 0;

/**
 * Low-rank adapters (Hu et al. 2021) on the matrices of a model: each target W [in, out] is read as
 * W + (α/r)·A·B with A [in, r] ~ N(0, 1/in) and B [r, out] = 0 (so the model is unchanged at step 0).
 * Train only `entries()` (pass the handle as `trainEmulator({ lora })`); the base stays frozen. `merge()`
 * folds the adapters into the base for export with saveEmulator.
 */
export function attachLoRA(model: Emulator | AdaptableStore, opts: LoRAOptions): LoRAAdapters {
  const who = 'attachLoRA';
  const store = (('parameters' in model ? (model as { parameters: unknown }).parameters : model) ??
    {}) as Partial<AdaptableStore>;
  if (typeof store.setAdapter !== 'function' || typeof store.entries !== 'function') {
    throw new TrainingError(
      `${who}: the model's parameter store must provide entries() and setAdapter(name, fn); got ${describe(store)} without them`,
    );
  }
  const rank = checkPositiveInt(who, 'rank', opts.rank);
  const alpha = opts.alpha ?? rank;
  if (!(alpha > 0 && Number.isFinite(alpha)))
    throw new TrainingError(`${who}: option 'alpha' must be a finite number > 0; got ${describe(alpha)}`);
  const scale = alpha / rank;
  const isTarget =
    opts.targets ?? ((name: string, shape: readonly number[]) => shape.length === 2 && name.endsWith('/kernel'));
  const rand = new SeededRandom(opts.seed ?? 0);
  const ns = `lora_${instances++}`;
  const adapters: Array<{ name: string; base: tf.Variable; a: tf.Variable; b: tf.Variable }> = [];
  for (const [name, base] of store.entries()) {
    if (!isTarget(name, base.shape)) continue;
    if (base.rank !== 2)
      throw new TrainingError(`${who}: target '${name}' must be a matrix; got shape [${base.shape}]`);
    const [inDim, outDim] = base.shape as [number, number];
    const values = new Float32Array(inDim * rank);
    const std = 1 / Math.sqrt(inDim);
    for (let i = 0; i < values.length; i++) values[i] = std * rand.normal();
    const a = tf.tidy(() => tf.variable(tf.tensor2d(values, [inDim, rank]), true, `${ns}/${name}/a`));
    const b = tf.tidy(() => tf.variable(tf.zeros([rank, outDim]), true, `${ns}/${name}/b`));
    adapters.push({ name, base, a, b });
  }
  if (adapters.length === 0)
    throw new TrainingError(
      `${who}: no parameter matched 'targets'; the model has ${store.entries().length} parameters`,
    );
  for (const { name, a, b } of adapters) {
    store.setAdapter(name, (w) => tf.add(w, tf.mul(matMul(a as tf.Tensor2D, b as tf.Tensor2D), scale)));
  }
  let live = true;
  const release = () => {
    for (const { name, a, b } of adapters) {
      store.setAdapter!(name, null);
      a.dispose();
      b.dispose();
    }
    live = false;
  };
  return {
    rank,
    scale,
    targets: adapters.map((x) => x.name),
    entries() {
      if (!live) throw new TrainingError(`LoRAAdapters.entries: the adapters were merged or disposed`);
      return adapters.flatMap(
        ({ name, a, b }) =>
          [
            [`lora/${name}/a`, a],
            [`lora/${name}/b`, b],
          ] as Array<[string, tf.Variable]>,
      );
    },
    merge() {
      if (!live) throw new TrainingError(`LoRAAdapters.merge: the adapters were already merged or disposed`);
      for (const { base, a, b } of adapters) {
        tf.tidy(() => base.assign(tf.add(base, tf.mul(matMul(a as tf.Tensor2D, b as tf.Tensor2D), scale))));
      }
      release();
    },
    dispose() {
      if (live) release();
    },
  };
}
