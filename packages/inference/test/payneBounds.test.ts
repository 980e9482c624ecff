import * as tf from '@tensorflow/tfjs';
import { createPayne } from '@astroemu/payne';
import { beforeAll, expect, it } from 'vitest';
import { fitSpectra } from '../src/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// A real grid emulator refuses labels outside its box (DomainError). When the best fit sits on a bound, the
// Jacobian's difference step must go backwards instead of asking the emulator for a label past the bound.
it('fits a Payne emulator whose best label sits on its upper bound without leaving the box', () => {
  const wavelength = Float64Array.from({ length: 200 }, (_, i) => 5000 + 0.05 * i);
  const labels = [
    { name: 'Teff', unit: 'K', min: 4000, max: 6000 },
    { name: 'logg', min: 4, max: 5 },
  ];
  const emu = createPayne({ preset: 'small', labels, wavelength, seed: 3 });
  const truth = tf.tensor2d([[5200, 5]]);
  const flux = emu.predict(truth);
  const observed = { wavelength, flux: flux.dataSync(), ivar: new Float32Array(200).fill(1e4) };
  const [result] = fitSpectra(emu, [observed], { rv: { fit: false, value: 0 } });
  tf.dispose([truth, flux]);
  emu.dispose();
  expect(result!.error).toBeUndefined();
  expect(result!.labels.logg).toBeLessThanOrEqual(5);
  expect(result!.labels.logg).toBeGreaterThan(4.9);
  expect(Math.abs(result!.labels.Teff! - 5200)).toBeLessThan(50);
});
