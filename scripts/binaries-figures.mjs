// Figures of docs/binaries.md: fits the stored real APOGEE spectra with the binspec presets (BUILT packages) and
// draws, with @astroemu/plots, data vs single-star vs binary model (combined spectrum of 2M13012770+5754582), data vs
// SB1 vs SB2 model per visit (2M06133561+2433362), and the RV curve of the two components.
//   node scripts/binaries-figures.mjs [OUT_DIR=docs/img/binaries]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '@astroemu/backend';
import { parseNpz } from '@astroemu/grid-io';
import { loadBinspecNetworks } from '@astroemu/payne';
import { BINSPEC_MODELS, CompositeModel, compareFits, fitComposite } from '@astroemu/inference';
import { PLOT_CONFIG, VEGA_LITE_SCHEMA, spectrumComparisonPlot, writePlot } from '@astroemu/plots';

const out = process.argv[2] ?? 'docs/img/binaries';
await initBackend({ backend: 'wasm' });
const d = new URL('../packages/payne/test/fixtures/binspec', import.meta.url).pathname;
const nets = await loadBinspecNetworks(d, `${d}/apogee_wavelength.npz`);
const npz = (f) => parseNpz(readFileSync(`${d}/${f}`));
const mask = npz('cannon_cont_pixels_apogee.npz').pixels_cannon.data;
const comb = npz('spectrum_ap_id_2M13012770+5754582_.npz');
const vis = npz('visit_spectra_ap_id_2M06133561+2433362_.npz');
const P = 7214;
const wave = nets.normalized.wavelength.fixed;
const combined = { flux: [Float64Array.from(comb.spectrum.data)], sigma: [Float64Array.from(comb.spec_err.data)] };
const visits = {
  flux: [0, 1, 2].map((i) => Float64Array.from(vis.spectra.data.subarray(i * P, (i + 1) * P))),
  sigma: [0, 1, 2].map((i) => Float64Array.from(vis.spec_errs.data.subarray(i * P, (i + 1) * P))),
};
const hjd = Array.from(vis.hjds.data);
const fit = (name, data) =>
  fitComposite(
    new CompositeModel(
      BINSPEC_MODELS[name],
      data.sigma.map((s) => ({ wavelength: wave, sigma: s })),
      {
        emulators: { normalized: nets.normalized, unnormalized: nets.unnormalized },
        regressors: { radius: nets.radius, teff2logg2: nets.teff2Logg2 },
        continuumPixels: mask,
      },
    ),
    data,
  );
const fits = {
  single: fit('single', combined),
  binary: fit('binary', combined),
  sb1: fit('sb1', visits),
  sb2: fit('sb2', visits),
};
const mask0 = (flux, sigma) => Array.from(flux, (x, i) => (sigma[i] < 1 ? x : NaN)); // pixels with σ ≥ 1 are APOGEE's bad pixels
const range = [15900, 16000];
await writePlot(
  join(out, 'combined-single-vs-binary'),
  spectrumComparisonPlot({
    wavelength: wave,
    truth: mask0(combined.flux[0], combined.sigma[0]),
    predicted: [
      { name: `single (χ² ${fits.single.chi2.toFixed(0)})`, flux: fits.single.modelFlux[0] },
      { name: `binary (χ² ${fits.binary.chi2.toFixed(0)})`, flux: fits.binary.modelFlux[0] },
    ],
    range,
    title: '2M13012770+5754582 (combined): data vs single-star vs binary model',
  }),
);
for (let v = 0; v < 3; v++) {
  await writePlot(
    join(out, `visit-${v}-sb1-vs-sb2`),
    spectrumComparisonPlot({
      wavelength: wave,
      truth: mask0(visits.flux[v], visits.sigma[v]),
      predicted: [
        { name: 'SB1 model', flux: fits.sb1.modelFlux[v] },
        { name: 'SB2 model', flux: fits.sb2.modelFlux[v] },
      ],
      range,
      title: `2M06133561+2433362 visit ${v} (HJD ${hjd[v].toFixed(2)}): data vs SB1 vs SB2`,
    }),
  );
}
const at = (f, n) => f.theta[f.names.indexOf(n)];
const sd = (f, n) => f.sigma[f.names.indexOf(n)];
const gamma = at(fits.sb2, 'gamma');
const qd = at(fits.sb2, 'q_dyn');
const rvRows = [];
for (let v = 0; v < 3; v++) {
  const v1 = at(fits.sb2, `rv1[${v}]`);
  rvRows.push({ hjd: hjd[v], rv: v1, err: sd(fits.sb2, `rv1[${v}]`), series: 'SB2 primary' });
  rvRows.push({ hjd: hjd[v], rv: gamma - (v1 - gamma) / qd, err: 0, series: 'SB2 secondary (momentum)' });
  rvRows.push({ hjd: hjd[v], rv: at(fits.sb1, `rv[${v}]`), err: sd(fits.sb1, `rv[${v}]`), series: 'SB1' });
  rvRows.push({ hjd: hjd[v], rv: Number(vis.vhelios.data[v]), err: 0, series: 'APOGEE vhelio' });
}
await writePlot(join(out, 'rv-curve'), {
  $schema: VEGA_LITE_SCHEMA,
  config: PLOT_CONFIG,
  title: `2M06133561+2433362: visit RVs (SB2: γ = ${gamma.toFixed(1)} km/s, q_dyn = ${qd.toFixed(2)})`,
  width: 600,
  height: 300,
  data: { values: rvRows },
  layer: [
    {
      mark: { type: 'point', filled: true, size: 90 },
      encoding: {
        x: { field: 'hjd', type: 'quantitative', title: 'HJD − 2400000', scale: { zero: false } },
        y: { field: 'rv', type: 'quantitative', title: 'RV [km/s]' },
        color: { field: 'series', type: 'nominal' },
      },
    },
    { mark: { type: 'rule' }, encoding: { y: { datum: gamma }, strokeDash: { value: [4, 4] } } },
  ],
});
const summary = {
  combined: compareFits([fits.single, fits.binary]),
  visits: compareFits([fits.sb1, fits.sb2]),
  fits: Object.fromEntries(
    Object.entries(fits).map(([k, f]) => [
      k,
      {
        names: f.names,
        theta: Array.from(f.theta),
        sigma: Array.from(f.sigma),
        chi2: f.chi2,
        flags: f.flags,
        reason: f.reason,
      },
    ]),
  ),
};
writeFileSync(join(out, 'fits.json'), JSON.stringify(summary, null, 1));
console.log(JSON.stringify(summary.combined), JSON.stringify(summary.visits));
