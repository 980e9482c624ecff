import type { ConvConfig } from './convConfig';

/**
 * Names and shapes of every weight: dense `input`, `hidden/<i>` (kernels [in, out]); transposed convolutions
 * `deconv/<i>` and convolutions `conv/<i>` with Flax kernel layout [k, in, out]; the final Conv(1, k1) `output`
 * ([1, C, 1]); each with `/kernel` and `/bias`.
 */
export function convWeightShapes(config: Pick<ConvConfig, 'labels' | 'architecture'>): Record<string, number[]> {
  const a = config.architecture;
  const s: Record<string, number[]> = {};
  const add = (name: string, kernel: number[]) => {
    s[`${name}/kernel`] = kernel;
    s[`${name}/bias`] = [kernel[kernel.length - 1]!];
  };
  add('input', [config.labels.length, a.dense[0]!]);
  for (let i = 1; i < a.dense.length; i++) add(`hidden/${i - 1}`, [a.dense[i - 1]!, a.dense[i]!]);
  let c = a.baseChannels;
  for (let i = 0; i < a.upsamplings; i++) {
    add(`deconv/${i}`, [a.deconvKernel, c, a.deconvFeatures]);
    c = a.deconvFeatures;
  }
  a.convFeatures.forEach((f, i) => {
    add(`conv/${i}`, [a.convKernel, c, f]);
    c = f;
  });
  add('output', [1, c, 1]);
  return s;
}

/** Number of scalar parameters, without building the model. */
export function convParameterCount(config: Pick<ConvConfig, 'labels' | 'architecture'>): number {
  return Object.values(convWeightShapes(config)).reduce((n, sh) => n + sh.reduce((a, b) => a * b, 1), 0);
}

/** Number of internal samples before interpolation: baseLength · 2^upsamplings (16 384 at paper size). */
export function convSampleCount(config: Pick<ConvConfig, 'architecture'>): number {
  return config.architecture.baseLength * 2 ** config.architecture.upsamplings;
}
