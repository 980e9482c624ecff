import * as tf from '@tensorflow/tfjs';
import type { Emulator } from '@astroemu/emulator-core';
import { attentionMaps, type TransformerPayne } from '@astroemu/transformer-payne';

/** A predicted spectrum and how long it took (ms, predict + download). */
export interface Predicted {
  wavelength: Float64Array;
  flux: Float32Array;
  ms: number;
}

/** Whether the emulator predicts at any wavelength (TransformerPayne) rather than on a fixed grid. */
export function isWavelengthConditioned(emulator: Emulator): boolean {
  return emulator.wavelength.fixed === undefined;
}

/** One spectrum for `labels` (physical units): on the fixed grid, or on `grid` for wavelength-conditioned emulators. */
export async function predictSpectrum(
  emulator: Emulator,
  labels: Float64Array,
  grid?: Float64Array,
): Promise<Predicted> {
  const t0 = performance.now();
  const fixed = emulator.wavelength.fixed;
  const wavelength = fixed ?? grid;
  if (wavelength === undefined) throw new Error(`emulator of kind '${emulator.kind}' needs a wavelength grid`);
  const out = tf.tidy(() =>
    emulator.predict(tf.tensor2d(Float32Array.from(labels), [1, labels.length]), fixed ? undefined : wavelength),
  );
  try {
    const flux = (await out.data()) as Float32Array;
    return { wavelength, flux, ms: performance.now() - t0 };
  } finally {
    out.dispose();
  }
}

/** Attention weights [layer, head, 1, token] of a TransformerPayne at one wavelength. */
export async function attentionAtWavelength(
  emulator: Emulator,
  labels: Float64Array,
  lambda: number,
): Promise<{ data: Float32Array; shape: number[] }> {
  if (emulator.kind !== 'transformer-payne')
    throw new Error(`attention maps need a TransformerPayne; this bundle is '${emulator.kind}'`);
  const maps = attentionMaps(emulator as TransformerPayne, labels, Float64Array.of(lambda));
  try {
    return { data: (await maps.data()) as Float32Array, shape: maps.shape };
  } finally {
    maps.dispose();
  }
}
