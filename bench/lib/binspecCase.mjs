// One timed run of our binspec fits in its own process (BUILT packages):
//   node bench/lib/binspecCase.mjs '{"data":DIR,"out":FILE,"calls":N}'
// Fits, with @astroemu/inference fitComposite and the BINSPEC_MODELS presets (default multi-start: Halton candidates
// over the whole box, 4 LM starts): single and binary on the combined spectrum of 2M13012770+5754582, SB1 and SB2 on
// the three visits of 2M06133561+2433362. Each model is fitted `calls` times (default 2); seconds = the last call
// (the first warms the JIT). Writes the solutions to `out` and prints one JSON line per model. With "seeded": true the
// binary is seeded by the single-star fit and the SB2 by the SB1 fit (binspecSeed), as the reference's procedure does.
import { readFileSync, writeFileSync } from 'node:fs';
import { initBackend } from '@astroemu/backend';
import { parseNpz } from '@astroemu/grid-io';
import { loadBinspecNetworks } from '@astroemu/payne';
import { BINSPEC_MODELS, CompositeModel, binspecSeed, fitComposite } from '@astroemu/inference';

const opt = JSON.parse(process.argv[2]);
await initBackend({ backend: 'wasm' });
const d = opt.data.replace(/\/$/, '');
const nets = await loadBinspecNetworks(d, `${d}/apogee_wavelength.npz`);
const npz = (f) => parseNpz(readFileSync(`${d}/${f}`));
const mask = npz('cannon_cont_pixels_apogee.npz').pixels_cannon.data;
const comb = npz('spectrum_ap_id_2M13012770+5754582_.npz');
const vis = npz('visit_spectra_ap_id_2M06133561+2433362_.npz');
const P = 7214;
const combined = { flux: [Float64Array.from(comb.spectrum.data)], sigma: [Float64Array.from(comb.spec_err.data)] };
const visits = {
  flux: [0, 1, 2].map((i) => Float64Array.from(vis.spectra.data.subarray(i * P, (i + 1) * P))),
  sigma: [0, 1, 2].map((i) => Float64Array.from(vis.spec_errs.data.subarray(i * P, (i + 1) * P))),
};
const wave = nets.normalized.wavelength.fixed;
const out = {};
const summary = {};
for (const name of opt.models ?? ['single', 'binary', 'sb1', 'sb2']) {
  const data = name === 'single' || name === 'binary' ? combined : visits;
  const model = new CompositeModel(
    BINSPEC_MODELS[name],
    data.sigma.map((s) => ({ wavelength: wave, sigma: s })),
    {
      emulators: { normalized: nets.normalized, unnormalized: nets.unnormalized },
      regressors: { radius: nets.radius, teff2logg2: nets.teff2Logg2 },
      continuumPixels: mask,
    },
  );
  let fit;
  let seconds;
  let cpu;
  for (let c = 0; c < (opt.calls ?? 2); c++) {
    const t0 = performance.now();
    const u0 = process.cpuUsage();
    // "same starts": the reference's own starting vectors, no search of ours (same information, optimiser vs optimiser)
    const options = opt.starts
      ? {
          candidates: 0,
          velocityStep: 0,
          initial: opt.starts[name],
          prune: opt.prune ?? { iterations: 3, keep: 2 },
          ...(opt.lm && { lm: opt.lm }),
        }
      : opt.seeded && (name === 'binary' || name === 'sb2')
        ? // binspec's protocol: seeded by this run's single / SB1 fit (its labels and RVs held while the secondary is searched)
          { hold: binspecSeed(summary[name === 'binary' ? 'single' : 'sb1']), ...(opt.options ?? {}) }
        : (opt.options ?? {});
    fit = fitComposite(model, data, options);
    seconds = (performance.now() - t0) / 1000;
    const u = process.cpuUsage(u0);
    cpu = (u.user + u.system) / 1e6;
  }
  out[name] = Array.from(fit.theta);
  summary[name] = {
    chi2: fit.chi2,
    reason: fit.reason,
    predictedGain: fit.predictedGain,
    theta: Array.from(fit.theta),
    seconds,
    cpu_seconds: cpu,
    evaluations: fit.evaluations,
    flags: fit.flags,
    startChi2: fit.startChi2,
    sigma: Array.from(fit.sigma),
    names: fit.names,
  };
}
writeFileSync(opt.out, JSON.stringify(out));
console.log(JSON.stringify({ ...summary, maxrss_kb: Math.round(process.resourceUsage().maxRSS) }));
