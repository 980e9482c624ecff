import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '@astroemu/backend';
import { parseNpz } from '@astroemu/grid-io';
import { importPayneNpz } from '@astroemu/payne';
import { fitSpectra } from '@astroemu/inference';
const dir = '/tmp/fitb';
await initBackend({ backend: 'wasm' });
const emulator = await importPayneNpz(join(dir, 'payne_apogee.npz'), '/work/shared/external/the_payne/apogee_wavelength.npz');
const s = parseNpz(readFileSync(join(dir, 'spectra.npz')));
const [N, M] = s.flux.shape;
const wavelength = Float64Array.from(s.wavelength.data);
const spectra = Array.from({ length: 32 }, (_, i) => ({ wavelength, flux: Float64Array.from(s.flux.data.subarray(i * M, (i + 1) * M)), ivar: Float64Array.from(s.sigma.data.subarray(i * M, (i + 1) * M), (x) => 1 / (x * x)), mask: Int32Array.from(s.mask.data.subarray(i * M, (i + 1) * M)) }));
const a = fitSpectra(emulator, spectra, { rv: { min: -5, max: 5 } });
const d = Number(process.argv[2] ?? 0.01);
const b = fitSpectra(emulator, spectra, { rv: { min: -5, max: 5 }, lm: { confirmDrift: d } });
let worst = 0, worstDx = 0, dchi = [];
a.forEach((r, i) => {
  for (const n of Object.keys(r.uncertainties)) {
    worst = Math.max(worst, Math.abs(b[i].uncertainties[n] / r.uncertainties[n] - 1));
    worstDx = Math.max(worstDx, Math.abs(b[i].labels[n] - r.labels[n]) / r.uncertainties[n]);
  }
  worst = Math.max(worst, Math.abs(b[i].rvUncertainty / r.rvUncertainty - 1));
  dchi.push(b[i].chi2 - r.chi2);
});
console.log('drift', d, 'max |σ ratio − 1|', worst.toFixed(4), 'max |Δlabel|/σ', worstDx.toFixed(3), 'Δχ² max', Math.max(...dchi).toFixed(3), 'mean', (dchi.reduce((x, y) => x + y) / dchi.length).toFixed(3));
