import { readFileSync } from 'node:fs';
import { initBackend } from '@astroemu/backend';
import { parseNpz } from '@astroemu/grid-io';
import { loadBinspecNetworks } from '@astroemu/payne';
import { BINSPEC_MODELS, CompositeModel, fitComposite, binspecSeed } from '@astroemu/inference';
await initBackend({ backend: 'wasm' });
const d = '/work/main/packages/payne/test/fixtures/binspec';
const nets = await loadBinspecNetworks(d, `${d}/apogee_wavelength.npz`);
const npz = (f) => parseNpz(readFileSync(`${d}/${f}`));
const mask = npz('cannon_cont_pixels_apogee.npz').pixels_cannon.data;
const comb = npz('spectrum_ap_id_2M13012770+5754582_.npz');
const vis = npz('visit_spectra_ap_id_2M06133561+2433362_.npz');
const P = 7214;
const combined = { flux: [Float64Array.from(comb.spectrum.data)], sigma: [Float64Array.from(comb.spec_err.data)] };
const visits = { flux: [0,1,2].map((i) => Float64Array.from(vis.spectra.data.subarray(i*P,(i+1)*P))), sigma: [0,1,2].map((i) => Float64Array.from(vis.spec_errs.data.subarray(i*P,(i+1)*P))) };
const wave = nets.normalized.wavelength.fixed;
const mk = (name, data) => new CompositeModel(BINSPEC_MODELS[name], data.sigma.map((s) => ({ wavelength: wave, sigma: s })), { emulators: { normalized: nets.normalized, unnormalized: nets.unnormalized }, regressors: { radius: nets.radius, teff2logg2: nets.teff2Logg2 }, continuumPixels: mask });
const opts = JSON.parse(process.argv[2] ?? '{}');
for (const [a, b, data] of [['single', 'binary', combined], ['sb1', 'sb2', visits]]) {
  const ma = mk(a, data), mb = mk(b, data);
  let st = {};
  for (const [k, f] of [['jac', 'evaluateHost'], ['scr', 'evaluateScreening']]) {
    const o = mb[f].bind(mb);
    mb[f] = (t, j) => { const t0 = performance.now(); const r = o(t, j); const key = k === 'jac' && !j ? 'val' : k; st[key] ??= { n: 0, ms: 0 }; st[key].n++; st[key].ms += performance.now() - t0; return r; };
  }
  for (let c = 0; c < 2; c++) {
    let u0 = process.cpuUsage();
    const fa = fitComposite(ma, data);
    const ta = process.cpuUsage(u0);
    u0 = process.cpuUsage(); st = {};
    const fb = fitComposite(mb, data, { hold: binspecSeed(fa), ...opts });
    const tb = process.cpuUsage(u0);
    if (c === 1) console.log(a, fa.chi2.toFixed(1), ((ta.user + ta.system) / 1000).toFixed(0), 'ms |', b, 'seeded', fb.chi2.toFixed(1), ((tb.user + tb.system) / 1000).toFixed(0), 'ms', JSON.stringify(st), fb.startChi2.map((x) => x.toFixed(0)).join(' '), '|', Array.from(fb.theta, (x) => x.toFixed(2)).join(' '));
  }
}
