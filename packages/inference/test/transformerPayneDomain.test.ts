import * as tf from '@tensorflow/tfjs';
import { createTransformerPayne } from '@astroemu/transformer-payne';
import { beforeAll, expect, it } from 'vitest';
import { fitSpectra } from '../src/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// A wavelength-conditioned emulator refuses wavelengths outside its trained range. The rest-frame grid the fit
// builds must end exactly at the domain's edge when the observed spectrum covers the whole domain.
it('fits a TransformerPayne on a spectrum that spans its whole wavelength domain', () => {
  const labels = [
    { name: 'Teff', unit: 'K', min: 4000, max: 6000 },
    { name: 'logg', min: 4, max: 5 },
  ];
  const tp = createTransformerPayne({ preset: 'small', labels, wavelengthRange: { min: 5000, max: 5010 }, seed: 1 });
  const wavelength = Float64Array.from({ length: 120 }, (_, i) => 5000 + (10 * i) / 119);
  const truth = tf.tensor2d([[5300, 4.5]]);
  const flux = tp.predict(truth, wavelength);
  const observed = { wavelength, flux: flux.dataSync(), ivar: new Float32Array(120).fill(1e4) };
  const [result] = fitSpectra(tp, [observed], { fit: ['Teff'], fixed: { logg: 4.5 }, rv: { fit: false, value: 0 } });
  tf.dispose([truth, flux]);
  tp.dispose();
  expect(result!.error).toBeUndefined();
  expect(Number.isFinite(result!.chi2)).toBe(true);
});
