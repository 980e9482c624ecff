import { createSynthesizer, type Synthesizer, type SynthesizerOptions } from './createSynthesizer';

const SCALAR_KEYS = [
  'R',
  'lambdaMin',
  'lambdaMax',
  'lineListSeed',
  'microturbulence',
  'hydrogen',
  'opacityCutoff',
  'maxWindow',
] as const;
const cache: Array<{ key: string; wavelength?: Float64Array; lineList?: object; synth: Synthesizer }> = [];
const CACHE_SIZE = 4;

/** The (cached) synthesizer for a set of options: the same options reuse the precomputed line data. */
export function synthesizerFor(opts: SynthesizerOptions = {}): Synthesizer {
  const key = SCALAR_KEYS.map((k) => String(opts[k])).join('|');
  const hit = cache.find((c) => c.key === key && c.wavelength === opts.wavelength && c.lineList === opts.lineList);
  if (hit) return hit.synth;
  const synth = createSynthesizer(opts);
  cache.unshift({ key, wavelength: opts.wavelength, lineList: opts.lineList, synth });
  if (cache.length > CACHE_SIZE) cache.pop();
  return synth;
}

/**
 * Continuum-normalised flux in (0, 1] for a 100-label vector (LABEL_NAMES order) on the default
 * grid (R = 100 000, 4000–5000 Å, 22 315 pixels) or the one the options describe.
 */
export function synthesize(labels: ArrayLike<number>, opts: SynthesizerOptions = {}): Float32Array {
  return synthesizerFor(opts).synthesize(labels);
}
