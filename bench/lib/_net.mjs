import { initBackend } from '@astroemu/backend';
import { loadBinspecNetworks } from '@astroemu/payne';
await initBackend({ backend: 'wasm' });
const d = '/work/main/packages/payne/test/fixtures/binspec';
const nets = await loadBinspecNetworks(d, `${d}/apogee_wavelength.npz`);
const em = nets.normalized;
const lab = [5000, 4.5, 0, 0, 5];
for (let r = 0; r < 3; r++) {
  let t0 = performance.now();
  for (let i = 0; i < 500; i++) { lab[0] = 5000 + i; em.predictHost(lab); }
  const a = (performance.now() - t0) / 500;
  const z = new Float64Array(7214 * 5).map(() => Math.random() * 4 - 2);
  t0 = performance.now();
  let s = 0;
  for (let i = 0; i < 500; i++) for (let k = 0; k < z.length; k++) s += 1 / (1 + Math.exp(-z[k]));
  const b = (performance.now() - t0) / 500;
  console.log('predictHost', a.toFixed(3), 'ms; 36k sigmoids', b.toFixed(3), 'ms', s > 0);
}
