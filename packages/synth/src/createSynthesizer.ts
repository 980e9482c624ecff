import { ATOMIC_MASS } from './elements';
import { SOLAR_ABUNDANCES } from './solarAbundances';
import { partitionFunctions } from './partitionFunctions';
import { ionizationFractions } from './saha';
import { hminusOpacityPerPe } from './continuousOpacity';
import { solvePhotosphere } from './photosphere';
import { saturatedResidualFlux } from './residualFlux';
import { BALMER_LINES, balmerCoreWidth, balmerWingCoefficient, type BalmerLine } from './balmer';
import { voigtH } from './voigt';
import { generateLineList } from './generateLineList';
import { MOLECULE_CH, type LineList } from './lineList';
import { logUniformWavelength } from './wavelengthGrid';
import { FIRST_ABUNDANCE_Z } from './labels';
import { validateLabels } from './validateLabels';
import { SynthArgumentError, describeValue } from './errors';
import { ATOMIC_MASS_UNIT, C_LIGHT, K_BOLTZMANN, PI_E2_OVER_MC, THETA_SCALE } from './physicalConstants';

export interface SynthesizerOptions {
  /** Wavelength grid [Å], increasing. Default: log-uniform at `R` over [lambdaMin, lambdaMax]. */
  wavelength?: Float64Array;
  /** Sampling resolving power of the default grid; default 100 000 (22 315 pixels over 4000–5000 Å). */
  R?: number;
  lambdaMin?: number;
  lambdaMax?: number;
  /** Line list; default generateLineList({seed: lineListSeed}) over the grid's range. */
  lineList?: LineList;
  /** Seed of the default line list; default 1. */
  lineListSeed?: number;
  /** Microturbulence ξ [km/s]; default 0 (as in the paper's grid). */
  microturbulence?: number;
  /** Include the Balmer lines; default true. */
  hydrogen?: boolean;
  /** Line opacity ratio below which a line (or its wing) is neglected; default 1e-4. */
  opacityCutoff?: number;
  /** Largest half-window of a metal line [Å]; default 20. */
  maxWindow?: number;
}

/** Per-line quantities of one spectrum (see Synthesizer.lineParameters). */
export interface LineParameters {
  strength: Float64Array;
  damping: Float64Array;
  dopplerWidth: Float64Array;
}

/** A spectrum generator bound to one wavelength grid and line list (per-line constants precomputed). */
export interface Synthesizer {
  readonly wavelength: Float64Array;
  readonly lineList: LineList;
  /** Continuum-normalised flux in (0, 1] for a 100-label vector (LABEL_NAMES order). */
  synthesize(labels: ArrayLike<number>, out?: Float32Array): Float32Array;
  /** Line-to-continuum opacity ratio η per pixel for a label vector. */
  opacity(labels: ArrayLike<number>): Float64Array;
  /**
   * Per line of `lineList` for a label vector: strength S (opacity ratio η = S·H(a, v)), damping a and
   * Doppler width [km/s]; zeros for lines farther than maxWindow from the grid.
   */
  lineParameters(labels: ArrayLike<number>): LineParameters;
}

/** log10 of N_CH/N_C,I per unit H pressure: D₀θ − 1.5 log T + C (D₀ = 3.47 eV; C calibrated, see README). */
const CH_DISSOCIATION_EV = 3.47;
const CH_CONSTANT = -7.4;
const CH_PARTITION = 100;
const SQRT_PI = Math.sqrt(Math.PI);
const LN10 = Math.log(10);
const NODE_SPACING = 10; // Å between continuum nodes

interface Species {
  Z: number;
  ion: number;
  molecule: number;
  mass: number;
}

/** Build a synthesizer: validates the grid, precomputes per-line constants once. */
export function createSynthesizer(opts: SynthesizerOptions = {}): Synthesizer {
  const wavelength =
    opts.wavelength ?? logUniformWavelength({ R: opts.R, lambdaMin: opts.lambdaMin, lambdaMax: opts.lambdaMax });
  const n = wavelength.length;
  if (n < 2)
    throw new SynthArgumentError('wavelength', 'createSynthesizer', 'at least 2 pixels', describeValue(wavelength));
  for (let i = 0; i < n; i++) {
    const w = wavelength[i] as number;
    if (!(Number.isFinite(w) && w > 0) || (i > 0 && w <= (wavelength[i - 1] as number))) {
      throw new SynthArgumentError(
        'wavelength',
        'createSynthesizer',
        'positive and increasing',
        `pixel ${i} = ${w} Å after ${wavelength[i - 1]} Å`,
      );
    }
  }
  const lo = wavelength[0] as number;
  const hi = wavelength[n - 1] as number;
  const xi = (opts.microturbulence ?? 0) * 1e5;
  const eps = opts.opacityCutoff ?? 1e-4;
  const maxWindow = opts.maxWindow ?? 20;
  const hydrogen = opts.hydrogen ?? true;
  const lineList = opts.lineList ?? generateLineList({ seed: opts.lineListSeed ?? 1, lambdaMin: lo, lambdaMax: hi });

  const lnLam = new Float64Array(n);
  for (let i = 0; i < n; i++) lnLam[i] = Math.log(wavelength[i] as number);

  // Continuum nodes: κ(H⁻)/Pe and r₀ are smooth in λ; evaluated per spectrum on nodes, interpolated.
  const nodeLo = lo - 2 * maxWindow;
  const nNodes = Math.ceil((hi + 2 * maxWindow - nodeLo) / NODE_SPACING) + 1;
  const nodeLam = Float64Array.from({ length: nNodes }, (_, k) => nodeLo + k * NODE_SPACING);
  const nodeKappa = new Float64Array(nNodes);
  const nodeR0 = new Float64Array(nNodes);
  const nodeAt = (lam: number): [number, number] => {
    const p = Math.min(Math.max((lam - nodeLo) / NODE_SPACING, 0), nNodes - 1.000001);
    const k = Math.floor(p);
    return [k, p - k];
  };
  const pixNode = new Int32Array(n);
  const pixW = new Float64Array(n);
  for (let i = 0; i < n; i++) [pixNode[i], pixW[i]] = nodeAt(wavelength[i] as number);

  // Species and per-line constants, for the lines whose centre lies within maxWindow of the grid.
  const species: Species[] = [];
  const speciesKey = new Map<number, number>();
  const keep: number[] = [];
  for (let j = 0; j < lineList.size; j++) {
    const lam = lineList.lambda[j] as number;
    if (lam >= lo - maxWindow && lam <= hi + maxWindow) keep.push(j);
  }
  const m = keep.length;
  const lSpecies = new Int32Array(m);
  const lLnLam = new Float64Array(m);
  const lLamCm = new Float64Array(m);
  const lCentre = new Int32Array(m);
  const lLnA = new Float64Array(m);
  const lChiLn10 = new Float64Array(m);
  const lGammaRad = new Float64Array(m);
  const lGamma6 = new Float64Array(m);
  const lNode = new Int32Array(m);
  const lNodeW = new Float64Array(m);
  let centre = 0;
  for (let q = 0; q < m; q++) {
    const j = keep[q] as number;
    const Z = lineList.Z[j] as number;
    const ion = lineList.ion[j] as number;
    const mol = lineList.molecule[j] as number;
    const key = (mol * 4 + ion) * 128 + Z;
    let s = speciesKey.get(key);
    if (s === undefined) {
      s = species.length;
      speciesKey.set(key, s);
      species.push({ Z, ion, molecule: mol, mass: (ATOMIC_MASS[Z] as number) + (mol === MOLECULE_CH ? 1.008 : 0) });
    }
    const lam = lineList.lambda[j] as number;
    lSpecies[q] = s;
    lLnLam[q] = Math.log(lam);
    lLamCm[q] = lam * 1e-8;
    while (centre < n && (lnLam[centre] as number) < (lLnLam[q] as number)) centre++;
    lCentre[q] = centre;
    // σ₀ √π v_D = (π e²/mc) gf λ: line-centre cross-section per absorber times √π v_D
    lLnA[q] = Math.log((PI_E2_OVER_MC * lam * 1e-8) / SQRT_PI) + (lineList.loggf[j] as number) * LN10;
    lChiLn10[q] = (lineList.chi[j] as number) * LN10;
    const gRad = lineList.logGammaRad[j] as number;
    lGammaRad[q] = Number.isNaN(gRad) ? 2.223e15 / (lam * lam) : 10 ** gRad;
    const g6 = lineList.logGammaVdW[j] as number;
    lGamma6[q] = 10 ** (Number.isNaN(g6) || g6 >= 0 ? -7.6 : g6);
    [lNode[q], lNodeW[q]] = nodeAt(lam);
  }
  const nSpecies = species.length;
  const spFactor = new Float64Array(nSpecies);
  const spVd = new Float64Array(nSpecies);
  const fr = new Float64Array(3);
  const balmer = hydrogen ? BALMER_LINES.filter((b) => b.lambda > lo - 300 && b.lambda < hi + 300) : [];
  const eta = new Float64Array(n);
  let record: LineParameters | null = null;

  function computeOpacity(labels: ArrayLike<number>): { r0Node: Float64Array } {
    validateLabels(labels, 'synthesize');
    const ph = solvePhotosphere(labels);
    const T = ph.T;
    const theta = THETA_SCALE / T;
    for (let k = 0; k < nNodes; k++) {
      nodeKappa[k] = ph.Pe * hminusOpacityPerPe(nodeLam[k] as number, T);
      nodeR0[k] = saturatedResidualFlux(nodeLam[k] as number, T);
    }
    // Per species: N_lower-stage/N_H · 1/U · 1/v_D (Saha stage fraction × abundance), and v_D.
    const pH = ph.perturberDensity * K_BOLTZMANN * T;
    for (let s = 0; s < nSpecies; s++) {
      const sp = species[s] as Species;
      const vd = Math.sqrt((2 * K_BOLTZMANN * T) / (sp.mass * ATOMIC_MASS_UNIT) + xi * xi);
      spVd[s] = vd;
      const eps = 10 ** ((SOLAR_ABUNDANCES[sp.Z] as number) + (labels[sp.Z - FIRST_ABUNDANCE_Z + 3] as number) - 12);
      ionizationFractions(sp.Z, T, ph.Pe, fr);
      const u = partitionFunctions(sp.Z);
      if (sp.molecule === MOLECULE_CH) {
        const logK = CH_DISSOCIATION_EV * theta - 1.5 * Math.log10(T) + CH_CONSTANT;
        spFactor[s] = (eps * (fr[0] as number) * pH * 10 ** logK) / CH_PARTITION / vd;
      } else {
        spFactor[s] = (eps * (fr[sp.ion - 1] as number)) / (u[sp.ion - 1] as number) / vd;
      }
    }
    eta.fill(0);
    const damp6 = ph.perturberDensity * (T / 10000) ** 0.3;
    for (let q = 0; q < m; q++) {
      const s = lSpecies[q] as number;
      const node = lNode[q] as number;
      const w = lNodeW[q] as number;
      const kappa = (nodeKappa[node] as number) * (1 - w) + (nodeKappa[node + 1] as number) * w;
      const S = ((spFactor[s] as number) * Math.exp((lLnA[q] as number) - theta * (lChiLn10[q] as number))) / kappa;
      const vd = spVd[s] as number;
      const a =
        (((lGammaRad[q] as number) + (lGamma6[q] as number) * damp6) * (lLamCm[q] as number)) / (4 * Math.PI * vd);
      if (record) {
        const j = keep[q] as number;
        record.strength[j] = S;
        record.damping[j] = a;
        record.dopplerWidth[j] = vd * 1e-5;
      }
      if (!(S > eps)) continue;
      const invW = C_LIGHT / vd;
      // Window (Doppler units) beyond which S·H(a, v) < eps: core e^{−v²}, wing a/(√π v²).
      let vmax = Math.max(Math.sqrt(Math.log(S / eps)), Math.sqrt((S * a) / (SQRT_PI * eps)));
      const cap = (maxWindow / ((lLamCm[q] as number) * 1e8)) * invW;
      if (vmax > cap) vmax = cap;
      const lnL0 = lLnLam[q] as number;
      const c0 = lCentre[q] as number;
      // Core (|v| < vWing): Humlíček; wings: the large-|v| expansion of H, first order in a,
      // H ≈ a/(√π v²) (1 + 3/(2v²) + 15/(4v⁴) + 105/(8v⁶)), whose error is < 1e-4 relative there.
      const vWing = Math.max(5.5, 34 * Math.cbrt(a * a));
      const A = (S * a) / SQRT_PI;
      let i = c0;
      for (; i < n; i++) {
        const v = ((lnLam[i] as number) - lnL0) * invW;
        if (v > vmax || v >= vWing) break;
        eta[i] += S * voigtH(a, v);
      }
      for (; i < n; i++) {
        const v = ((lnLam[i] as number) - lnL0) * invW;
        if (v > vmax) break;
        const s2 = 1 / (v * v);
        eta[i] += A * s2 * (1 + s2 * (1.5 + s2 * (3.75 + 13.125 * s2)));
      }
      for (i = c0 - 1; i >= 0; i--) {
        const v = (lnL0 - (lnLam[i] as number)) * invW;
        if (v > vmax || v >= vWing) break;
        eta[i] += S * voigtH(a, v);
      }
      for (; i >= 0; i--) {
        const v = (lnL0 - (lnLam[i] as number)) * invW;
        if (v > vmax) break;
        const s2 = 1 / (v * v);
        eta[i] += A * s2 * (1 + s2 * (1.5 + s2 * (3.75 + 13.125 * s2)));
      }
    }
    for (const line of balmer) addBalmer(line, T, ph.Pe);
    return { r0Node: nodeR0 };
  }

  function addBalmer(line: BalmerLine, T: number, Pe: number): void {
    const Q = balmerWingCoefficient(line, T);
    const w = balmerCoreWidth(line, T, Pe);
    const w2 = w * w;
    const half = Math.min((Q / eps) ** 0.4, 300);
    let i = lowerBound(wavelength, line.lambda - half);
    const end = line.lambda + half;
    for (; i < n; i++) {
      const lam = wavelength[i] as number;
      if (lam > end) break;
      const d = lam - line.lambda;
      const t = w2 + d * d;
      eta[i] += Q / (t * Math.sqrt(Math.sqrt(t)));
    }
  }

  return {
    wavelength,
    lineList,
    synthesize(labels, out) {
      const { r0Node } = computeOpacity(labels);
      const flux = out ?? new Float32Array(n);
      if (flux.length !== n)
        throw new SynthArgumentError('out', 'synthesize', `a Float32Array of length ${n}`, describeValue(out));
      for (let i = 0; i < n; i++) {
        const k = pixNode[i] as number;
        const w = pixW[i] as number;
        const r0 = (r0Node[k] as number) * (1 - w) + (r0Node[k + 1] as number) * w;
        flux[i] = r0 + (1 - r0) / (1 + (eta[i] as number));
      }
      return flux;
    },
    lineParameters(labels) {
      const size = lineList.size;
      const out: LineParameters = {
        strength: new Float64Array(size),
        damping: new Float64Array(size),
        dopplerWidth: new Float64Array(size),
      };
      record = out;
      try {
        computeOpacity(labels);
      } finally {
        record = null;
      }
      return out;
    },
    opacity(labels) {
      computeOpacity(labels);
      return Float64Array.from(eta);
    },
  };
}

function lowerBound(arr: Float64Array, x: number): number {
  let a = 0;
  let b = arr.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((arr[mid] as number) < x) a = mid + 1;
    else b = mid;
  }
  return a;
}
