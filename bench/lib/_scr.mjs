import { readFileSync } from 'node:fs';
import { initBackend } from '@astroemu/backend';
import { parseNpz } from '@astroemu/grid-io';
import { loadBinspecNetworks } from '@astroemu/payne';
import { BINSPEC_MODELS, CompositeModel } from '@astroemu/inference';
await initBackend({ backend: 'wasm' });
const d = '/work/main/packages/payne/test/fixtures/binspec';
const nets = await loadBinspecNetworks(d, `${d}/apogee_wavelength.npz`);
const npz = (f) => parseNpz(readFileSync(`${d}/${f}`));
const mask = npz('cannon_cont_pixels_apogee.npz').pixels_cannon.data;
const comb = npz('spectrum_ap_id_2M13012770+5754582_.npz');
const sig = [Float64Array.from(comb.spec_err.data)];
const wave = nets.normalized.wavelength.fixed;
const model = new CompositeModel(BINSPEC_MODELS.binary, sig.map((s) => ({ wavelength: wave, sigma: s })), { emulators: { normalized: nets.normalized, unnormalized: nets.unnormalized }, regressors: { radius: nets.radius, teff2logg2: nets.teff2Logg2 }, continuumPixels: mask });
const th = [5267, 4.67, -0.09, 0.08, 2.69, 5.35, 0.68, 3.06, -13.18];
for (let r = 0; r < 3; r++) {
  let t0 = performance.now();
  for (let i = 0; i < 200; i++) { th[0] = 5000 + i; model.evaluateScreening(th); }
  const a = (performance.now() - t0) / 200;
  t0 = performance.now();
  for (let i = 0; i < 200; i++) { th[7] = -250 + i * 2.5; model.evaluateScreening(th); }
  const b = (performance.now() - t0) / 200;
  t0 = performance.now();
  for (let i = 0; i < 200; i++) { th[0] = 5000 + i; model.evaluateHost(th); }
  const c = (performance.now() - t0) / 200;
  t0 = performance.now();
  for (let i = 0; i < 50; i++) { th[0] = 5000 + i; model.evaluateHost(th, true); }
  const j = (performance.now() - t0) / 50;
  console.log(`screen new labels ${a.toFixed(3)} ms, screen scan row ${b.toFixed(3)} ms, full ${c.toFixed(3)} ms, full+jac ${j.toFixed(3)} ms`);
}
