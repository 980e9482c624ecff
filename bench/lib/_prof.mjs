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
for (const [name, E] of [['binary', 1], ['sb2', 3]]) {
  const model = new CompositeModel(BINSPEC_MODELS[name], sig.slice(0, E).map((s) => ({ wavelength: wave, sigma: s })), {
    emulators: { normalized: nets.normalized, unnormalized: nets.unnormalized },
    regressors: { radius: nets.radius, teff2logg2: nets.teff2Logg2 }, continuumPixels: mask });
  const th = model.parameters.map((p) => (p.min + p.max) / 2 + 0.01);
  for (const jac of [false, true]) {
    const u0 = process.cpuUsage(); let n = 0;
    while (n < 200) { th[0] += 0.001; model.evaluateHost(th, jac); n++; }
    const u = process.cpuUsage(u0); console.log(name, jac ? 'jac' : 'flux', ((u.user + u.system) / 1000 / n).toFixed(2), 'CPU ms');
  }
  const u0 = process.cpuUsage(); let n = 0;
  while (n < 500) { nets.normalized.predictHost([5000+n*0.01, 4.5, 0, 0, 10]); n++; }
  const u = process.cpuUsage(u0); console.log('net forward', ((u.user + u.system) / 1000 / n).toFixed(3), 'CPU ms');
}
