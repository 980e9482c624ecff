import * as tf from '@tensorflow/tfjs';
import type { Emulator } from '@astroemu/emulator-core';
import { attentionMapPlot, type PlotSpec } from '@astroemu/plots';
import { TransformerPayne, attentionMaps } from '@astroemu/transformer-payne';

/**
 * The paper's Fig. 9 for a TransformerPayne: attention weights of every (block, head) over the label tokens at
 * one wavelength (the given pixel, e.g. a strong line's core). Undefined for other kinds.
 */
export async function attentionFigure(
  emulator: Emulator,
  labels: Float32Array,
  wavelength: Float64Array,
  pixel: number,
): Promise<PlotSpec | undefined> {
  if (!(emulator instanceof TransformerPayne)) return undefined;
  const lo = Math.max(0, pixel - 2);
  const grid = wavelength.slice(lo, Math.min(wavelength.length, pixel + 3));
  // Work-around: on wasm, TransformerPayne's one-spectrum (B = 1) path fails in tfjs' fused matMul
  // ("_FusedMatMul only supports rank-1 bias but got rank 3"); a handful of wavelengths on cpu is instant.
  const backend = tf.getBackend();
  const prod = tf.env().getBool('PROD');
  tf.env().set('PROD', true); // silences the cpu backend's "you are running TensorFlow.js in Node" banner
  if (backend === 'wasm') await tf.setBackend('cpu');
  try {
    const maps = attentionMaps(emulator, labels, grid);
    const values = (await maps.data()) as Float32Array;
    const shape = maps.shape as [number, number, number, number];
    maps.dispose();
    return attentionMapPlot({
      values,
      shape,
      wavelength: grid,
      view: { kind: 'layer-head', wavelengthIndex: pixel - lo },
    });
  } finally {
    if (backend === 'wasm') await tf.setBackend('wasm');
    tf.env().set('PROD', prod);
  }
}
