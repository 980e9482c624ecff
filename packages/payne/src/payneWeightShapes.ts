import type { PayneConfig } from './payneConfig';

/**
 * Names and shapes of every weight: `input/{kernel,bias}` (labels → hidden[0]), `hidden/<i>/{kernel,bias}`
 * (hidden[i] → hidden[i+1]), `output/{kernel,bias}` (hidden[n−1] → M). Kernels are [in, out].
 */
export function payneWeightShapes(
  config: Pick<PayneConfig, 'labels' | 'wavelength' | 'architecture'>,
): Record<string, number[]> {
  const L = config.labels.length;
  const M = config.wavelength.fixed?.length ?? 0;
  const h = config.architecture.hidden;
  const shapes: Record<string, number[]> = { 'input/kernel': [L, h[0]!], 'input/bias': [h[0]!] };
  for (let i = 1; i < h.length; i++) {
    shapes[`hidden/${i - 1}/kernel`] = [h[i - 1]!, h[i]!];
    shapes[`hidden/${i - 1}/bias`] = [h[i]!];
  }
  shapes['output/kernel'] = [h[h.length - 1]!, M];
  shapes['output/bias'] = [M];
  return shapes;
}

/** Σ (in·out + out) over the layers: the number of scalar parameters, without building the model. */
export function payneParameterCount(config: Pick<PayneConfig, 'labels' | 'wavelength' | 'architecture'>): number {
  return Object.values(payneWeightShapes(config)).reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
}
