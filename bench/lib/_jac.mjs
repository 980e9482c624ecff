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
const vis = npz('visit_spectra_ap_id_2M06133561+2433362_.npz');
const P = 7214;
const sig = [0, 1, 2].map((i) => Float64Array.from(vis.spec_errs.data.subarray(i * P, (i + 1) * P)));
const wave = nets.normalized.wavelength.fixed;
const model = new CompositeModel(BINSPEC_MODELS.sb2, sig.map((s) => ({ wavelength: wave, sigma: s })), { emulators: { normalized: nets.normalized, unnormalized: nets.unnormalized }, regressors: { radius: nets.radius, teff2logg2: nets.teff2Logg2 }, continuumPixels: mask });
const th = [5267, 4.67, -0.09, 0.08, 2.69, 5.35, 0.68, 0.9, 10, 20, 30, 40];
for (let r = 0; r < 200; r++) { th[0] = 5000 + r; model.evaluateHost(th, true); }
let best = Infinity;
for (let c = 0; c < 8; c++) { const t0 = performance.now(); for (let r = 0; r < 30; r++) { th[0] = 5000 + r; model.evaluateHost(th, true); } best = Math.min(best, (performance.now() - t0) / 30); }
let bv = Infinity;
for (let c = 0; c < 8; c++) { const t0 = performance.now(); for (let r = 0; r < 30; r++) { th[0] = 5000 + r; model.evaluateHost(th); } bv = Math.min(bv, (performance.now() - t0) / 30); }
console.log('sb2 jac min', best.toFixed(2), 'ms; value min', bv.toFixed(2), 'ms');
