import type { SpectrumModel } from './spectrumModel';

/**
 * Radial-velocity first guess for every spectrum of the batch, by cross-correlation with one
 * template per spectrum (`rest` [S, N]: the emulator's rest flux, read back to the host): the Pearson correlation over
 * the usable pixels of the observed flux with the template shifted to each trial velocity in [vmin, vmax] (step: the
 * smallest observed pixel velocity), refined by a parabola through the peak. On the host in float64, one pass per
 * (spectrum, trial) that interpolates and sums together. `atEdge` marks a peak on the first or last trial. `peaks`
 * (per spectrum): the best velocity and up to `peaks − 1` other local maxima of the correlation, highest first.
 */
export function crossCorrelationRv(
  model: SpectrumModel,
  rest: Float32Array,
  vmin: number,
  vmax: number,
  peaks = 1,
): { v: Float64Array; atEdge: boolean[]; peaks: Float64Array[] } {
  const batch = model.batch;
  const S = batch.index.length;
  const K = batch.K;
  const N = model.restLength;
  const step = Math.max(Math.min(...batch.pixelVelocity), 0.05);
  const T = Math.max(3, Math.ceil((vmax - vmin) / step) + 1);
  const trials = Float64Array.from({ length: T }, (_, t) => vmin + ((vmax - vmin) * t) / (T - 1));
  const v = new Float64Array(S);
  const atEdge: boolean[] = [];
  const peakList: Float64Array[] = [];
  const sc = new Float64Array(T);
  /** The velocity of the peak at trial t, refined by a parabola through it and its neighbours. */
  const refine = (t: number) => {
    let vb = trials[t];
    if (t > 0 && t < T - 1) {
      const [a, b, c] = [sc[t - 1], sc[t], sc[t + 1]];
      const den = a - 2 * b + c;
      if (den < 0) vb += ((0.5 * (a - c)) / den) * (trials[1] - trials[0]);
    }
    return vb;
  };
  for (let s = 0; s < S; s++) {
    const o = s * K;
    const { y, w } = batch;
    let n = 0;
    let sy = 0;
    let syy = 0;
    for (let k = 0; k < K; k++) {
      if (!(w[o + k] > 0)) continue;
      n++;
      sy += y[o + k];
      syy += y[o + k] * y[o + k];
    }
    const { lo, t: tw } = model.lookups(new Int32Array(T).fill(s), trials);
    const ro = s * N;
    for (let t = 0; t < T; t++) {
      let sm = 0;
      let smm = 0;
      let sym = 0;
      for (let k = 0; k < K; k++) {
        if (!(w[o + k] > 0)) continue;
        const i = ro + lo[t * K + k];
        const m = rest[i] + tw[t * K + k] * (rest[i + 1] - rest[i]);
        sm += m;
        smm += m * m;
        sym += y[o + k] * m;
      }
      const cov = sym - (sy * sm) / n;
      sc[t] = cov / (Math.sqrt(Math.max(0, smm - (sm * sm) / n) * Math.max(0, syy - (sy * sy) / n)) + 1e-30);
    }
    let best = 0;
    for (let t = 1; t < T; t++) if (sc[t] > sc[best]) best = t;
    v[s] = refine(best);
    atEdge[s] = best === 0 || best === T - 1;
    // the highest other local maxima, at least 5 trials apart (velocity candidates of the multi-start)
    const others: number[] = [];
    if (peaks > 1) {
      const maxima = [];
      for (let t = 1; t < T - 1; t++) if (t !== best && sc[t] > sc[t - 1] && sc[t] >= sc[t + 1]) maxima.push(t);
      maxima.sort((a, b) => sc[b] - sc[a]);
      for (const t of maxima) {
        if (others.length >= peaks - 1) break;
        if ([best, ...others].every((u) => Math.abs(u - t) >= 5)) others.push(t);
      }
    }
    peakList.push(Float64Array.from([v[s], ...others.map(refine)]));
  }
  return { v, atEdge, peaks: peakList };
}
