/**
 * A test-only emulator kind ('test-tiny-mlp') implementing the Emulator contract with @astroemu/attention's
 * Parameters and the conventions of the real emulators (`parameters`, `input/kernel` [L, H], `hidden/<i>/…`,
 * `head/…`). Grid mode predicts a fixed grid; conditioned mode (like TransformerPayne) predicts any
 * wavelengths: flux = 1 + (h·W + b)·F(λ) with cosine features F of the scaled wavelength.
 * Layers read every weight through `Parameters.value(name)`, so `setAdapter` (the LoRA hook) takes effect.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { dense, Parameters, lecunNormal, zeros } from '@astroemu/attention';
import {
  emulatorConfigSchema,
  parseConfigWith,
  registerEmulatorKind,
  scaleLabels,
  type Emulator,
  type EmulatorConfig,
} from '@astroemu/emulator-core';

export const TINY_KIND = 'test-tiny-mlp';

const architecture = z.strictObject({
  hidden: z.number().int().positive().default(16),
  features: z.number().int().positive().default(12),
  seed: z.number().int().default(0),
});
const schema = emulatorConfigSchema(TINY_KIND, architecture);
type TinyConfig = z.output<typeof schema>;

export interface TinyEmulator extends Emulator {
  readonly parameters: Parameters;
}

function weightShapes(c: TinyConfig): Record<string, number[]> {
  const L = c.labels.length;
  const H = c.architecture.hidden;
  const out = c.wavelength.fixed ? c.wavelength.fixed.length : c.architecture.features;
  return {
    'input/kernel': [L, H],
    'input/bias': [H],
    'hidden/0/kernel': [H, H],
    'hidden/0/bias': [H],
    'head/kernel': [H, out],
    'head/bias': [out],
  };
}

function build(config: TinyConfig, weights?: Map<string, tf.Tensor>): TinyEmulator {
  const params = new Parameters({ seed: config.architecture.seed });
  for (const [name, shape] of Object.entries(weightShapes(config))) {
    params.create(name, shape, name.endsWith('bias') ? zeros() : lecunNormal());
    const w = weights?.get(name);
    if (w) params.assign(name, w);
  }
  const fixed = config.wavelength.fixed ? Float64Array.from(config.wavelength.fixed) : undefined;
  const { min, max } = config.wavelength;
  const P = config.architecture.features;
  const layer = (x: tf.Tensor, prefix: string) =>
    dense(x, { kernel: params.value(`${prefix}/kernel`), bias: params.value(`${prefix}/bias`) });
  return {
    kind: TINY_KIND,
    labels: config.labels,
    wavelength: { min, max, medium: config.wavelength.medium, ...(fixed ? { fixed } : {}) },
    parameters: params,
    predict(labels, wavelength) {
      return tf.tidy(() => {
        const x = scaleLabels(labels, config.labels);
        let h = tf.tanh(layer(x, 'input'));
        h = tf.tanh(layer(h, 'hidden/0'));
        const y = layer(h, 'head');
        if (fixed) return tf.add(1, y) as tf.Tensor2D;
        if (wavelength === undefined) throw new Error('tiny emulator: conditioned mode needs wavelengths');
        const lam = wavelength instanceof Float64Array ? wavelength : Float64Array.from(wavelength.dataSync());
        const K = lam.length;
        const F = new Float32Array(P * K);
        for (let p = 0; p < P; p++)
          for (let k = 0; k < K; k++) F[p * K + k] = Math.cos(Math.PI * p * ((lam[k]! - min) / (max - min)));
        return tf.add(1, tf.matMul(y, tf.tensor2d(F, [P, K]))) as tf.Tensor2D;
      });
    },
    trainableVariables: () => params.variables(),
    parameterCount: () => params.count(),
    config: (): EmulatorConfig => ({
      ...config,
      labels: config.labels.map((l) => ({ ...l })),
      wavelength: { ...config.wavelength, ...(config.wavelength.fixed ? { fixed: [...config.wavelength.fixed] } : {}) },
      architecture: { ...config.architecture },
    }),
    weights: () => new Map(params.entries()),
    dispose: () => params.dispose(),
  };
}

registerEmulatorKind<TinyConfig>({
  kind: TINY_KIND,
  parseConfig: (json) => parseConfigWith(schema, json, TINY_KIND),
  weightShapes,
  build: (c, w) => build(c, w),
});

export interface TinyOptions {
  labels: Array<{ name: string; min: number; max: number }>;
  /** Fixed grid (grid mode) or only a range (conditioned mode). */
  wavelength: Float64Array | { min: number; max: number };
  hidden?: number;
  features?: number;
  seed?: number;
}

export function createTiny(opts: TinyOptions): TinyEmulator {
  const w = opts.wavelength;
  const wavelength =
    w instanceof Float64Array
      ? { min: w[0]!, max: w[w.length - 1]!, medium: 'air' as const, fixed: [...w] }
      : { min: w.min, max: w.max, medium: 'air' as const };
  const config = parseConfigWith(
    schema,
    {
      kind: TINY_KIND,
      labels: opts.labels,
      wavelength,
      architecture: { hidden: opts.hidden ?? 16, features: opts.features ?? 12, seed: opts.seed ?? 0 },
    },
    TINY_KIND,
  );
  return build(config, undefined);
}
