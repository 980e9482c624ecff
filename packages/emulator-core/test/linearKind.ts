// A tiny test-only emulator kind: flux = scaleLabels(labels) · W + b on a fixed grid.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  type Emulator,
  type EmulatorConfig,
  emulatorConfigSchema,
  type EmulatorKind,
  parseConfigWith,
  scaleLabels,
} from '../src/index';

export const linearSchema = emulatorConfigSchema('test-linear', z.strictObject({ bias: z.boolean().default(true) }));
export type LinearConfig = z.output<typeof linearSchema>;

export function createLinear(config: LinearConfig, weights?: Map<string, tf.Tensor>): Emulator {
  const L = config.labels.length;
  const M = config.wavelength.fixed!.length;
  const W = tf.variable(weights?.get('W') ?? tf.randomNormal([L, M], 0, 1, 'float32', 7), true, undefined);
  const b = config.architecture.bias ? tf.variable(weights?.get('b') ?? tf.zeros([M])) : undefined;
  const vars = b ? [W, b] : [W];
  return {
    kind: 'test-linear',
    labels: config.labels,
    wavelength: { ...config.wavelength, fixed: Float64Array.from(config.wavelength.fixed!) },
    predict: (labels) =>
      tf.tidy(() => {
        const y = scaleLabels(labels, config.labels).matMul(W);
        return (b ? y.add(b) : y) as tf.Tensor2D;
      }),
    trainableVariables: () => vars,
    parameterCount: () => vars.reduce((n, v) => n + v.size, 0),
    config: () => structuredClone(config) as EmulatorConfig,
    weights: () =>
      new Map<string, tf.Tensor>(
        b
          ? [
              ['W', W],
              ['b', b],
            ]
          : [['W', W]],
      ),
    dispose: () => vars.forEach((v) => v.dispose()),
  };
}

export const linearKind: EmulatorKind<LinearConfig> = {
  kind: 'test-linear',
  parseConfig: (json) => parseConfigWith(linearSchema, json, 'test-linear'),
  weightShapes: (c): Record<string, number[]> => {
    const M = c.wavelength.fixed?.length ?? 0;
    return c.architecture.bias ? { W: [c.labels.length, M], b: [M] } : { W: [c.labels.length, M] };
  },
  build: createLinear,
};

export function linearConfig(M = 12): LinearConfig {
  const fixed = Array.from({ length: M }, (_, i) => 5000 + i * 0.0137 + i * i * 1e-6);
  return linearKind.parseConfig({
    kind: 'test-linear',
    labels: [
      { name: 'Teff', unit: 'K', min: 4000, max: 6000 },
      { name: 'logg', min: 4, max: 5 },
      { name: '[Fe/H]', unit: 'dex', min: -2, max: 1 },
    ],
    wavelength: { min: fixed[0], max: fixed[M - 1], medium: 'air', fixed },
    architecture: { bias: true },
    training: { steps: 10, note: 'test' },
  });
}
