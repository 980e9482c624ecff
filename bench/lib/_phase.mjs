import { readFileSync } from 'node:fs';
import { initBackend } from '@astroemu/backend';
import { parseNpz } from '@astroemu/grid-io';
import { loadBinspecNetworks } from '@astroemu/payne';
import { BINSPEC_MODELS, CompositeModel, fitComposite } from '@astroemu/inference';
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
const opts = JSON.parse(process.argv[2] ?? '{}');
for (const name of opts.models ?? ['binary','sb2']) {
  const data = name === 'single' || name === 'binary' ? combined : visits;
  const model = new CompositeModel(BINSPEC_MODELS[name], data.sigma.map((s) => ({ wavelength: wave, sigma: s })), { emulators: { normalized: nets.normalized, unnormalized: nets.unnormalized }, regressors: { radius: nets.radius, teff2logg2: nets.teff2Logg2 }, continuumPixels: mask });
  const orig = model.evaluateHost.bind(model);
  let st;
  const origS = model.evaluateScreening.bind(model);
  model.evaluateScreening = (t) => { const t0 = performance.now(); const r = origS(t); st.scr.n++; st.scr.ms += performance.now() - t0; return r; };
  model.evaluateHost = (t, j) => { const t0 = performance.now(); const r = orig(t, j); const k = j ? 'jac' : 'val'; st[k].n++; st[k].ms += performance.now() - t0; return r; };
  for (let c = 0; c < (opts.calls ?? 3); c++) {
    st = { jac: { n: 0, ms: 0 }, val: { n: 0, ms: 0 }, scr: { n: 0, ms: 0 } };
    const t0 = performance.now(); const u0 = process.cpuUsage();
    const fit = fitComposite(model, data, opts.options ?? {});
    const ms = performance.now() - t0; const u = process.cpuUsage(u0); const cpu = (u.user + u.system) / 1000;
    if (c >= 1) console.log(name, fit.chi2.toFixed(1), ms.toFixed(0), 'ms', cpu.toFixed(0), 'cpu ms', JSON.stringify(st), fit.startChi2.map((x)=>x.toFixed(0)).join(' '));
  }
}
