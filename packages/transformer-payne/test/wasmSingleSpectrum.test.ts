import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { expect, it } from 'vitest';
import { attentionMaps, createTransformerPayne } from '../src/index';

// One spectrum (B = 1) takes the fused-bias path of the folded attention; wasm's _FusedMatMul only accepts a
// bias stored as rank 1. The same weights must give the same flux and attention maps on wasm as on cpu.
it('predicts one spectrum and its attention maps on wasm exactly as on cpu', async () => {
  const labels = [
    { name: 'Teff', min: 4000, max: 6000 },
    { name: 'logg', min: 4, max: 5 },
  ];
  const grid = new Float64Array([5000, 5033.3, 5066.6, 5100]);
  const run = async (backend: 'cpu' | 'wasm') => {
    await initBackend({ backend });
    const tp = createTransformerPayne({ preset: 'small', labels, wavelengthRange: { min: 5000, max: 5100 }, seed: 4 });
    const x = tf.tensor2d([[5100, 4.4]]);
    const flux = tp.predict(x, grid);
    const values = Array.from(flux.dataSync());
    const mapTensor = attentionMaps(tp, [5100, 4.4], new Float64Array([5050]));
    const maps = Array.from(mapTensor.dataSync());
    tf.dispose([x, flux, mapTensor]);
    tp.dispose();
    return { values, maps };
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  expect(wasm.values).toHaveLength(4);
  for (let i = 0; i < 4; i++) expect(wasm.values[i]).toBeCloseTo(cpu.values[i]!, 5);
  expect(wasm.maps.length).toBe(cpu.maps.length);
  expect(wasm.maps.length).toBeGreaterThan(0);
  for (let i = 0; i < cpu.maps.length; i++) expect(wasm.maps[i]).toBeCloseTo(cpu.maps[i]!, 5);
  await initBackend({ backend: 'cpu' });
});
