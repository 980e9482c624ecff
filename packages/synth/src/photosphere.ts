import { LINE_ELEMENTS } from './lineRichness';
import { SOLAR_ABUNDANCES } from './solarAbundances';
import { ionizationFractions } from './saha';
import { hminusOpacityPerPe } from './continuousOpacity';
import { ATOMIC_MASS_UNIT, K_BOLTZMANN } from './physicalConstants';
import { FIRST_ABUNDANCE_Z } from './labels';

/** Mass of the metals per H atom in u for the Asplund (2009) mixture (held fixed). */
const METAL_MASS_PER_H = 0.0178;
/** Optical depth of the continuum-forming layer (Eddington–Barbier) and of the line-forming layer. */
const TAU_CONTINUUM = 2 / 3;
const TAU_LINE = 0.1;

/** The one-layer photosphere that sets populations and opacities for a label vector. */
export interface PhotosphereState {
  /** Temperature (= Teff) [K] and θ = 5040/T. */
  T: number;
  theta: number;
  /** Electron and gas pressure at τ = 2/3 [dyn cm⁻²]. */
  Pe: number;
  Pg: number;
  /** Helium-to-hydrogen number ratio N_He/N_H. */
  heliumPerH: number;
  /** Number density of neutral perturbers (H + He) in the line-forming layer τ = 0.1 [cm⁻³]. */
  perturberDensity: number;
  /** Free electrons per H atom. */
  electronsPerH: number;
}

const fractions = new Float64Array(3);

/** Free electrons per H atom from H and the electron donors (the elements with lines). */
function electronsPerH(labels: ArrayLike<number>, T: number, Pe: number): number {
  let e = ionizationFractions(1, T, Pe, fractions)[1] as number;
  for (const Z of LINE_ELEMENTS) {
    const eps = 10 ** ((SOLAR_ABUNDANCES[Z] as number) + (labels[Z - FIRST_ABUNDANCE_Z + 3] as number) - 12);
    ionizationFractions(Z, T, Pe, fractions);
    e += eps * ((fractions[1] as number) + 2 * (fractions[2] as number));
  }
  return e;
}

/**
 * Electron pressure from hydrostatic equilibrium with an H⁻ opacity ∝ Pe (Gray 2005, ch. 9):
 * dP/dτ = g/κ, κ = k₁(T)·Pe/μ_H, Pe = α P  ⇒  Pe = sqrt( (4/3) g μ_H α / k₁ ) at τ = 2/3,
 * α = E/(1 + Y + E) with E electrons per H (Saha, donors = the elements with lines) and Y = N_He/N_H.
 * Solved by a fixed 24-step damped iteration (deterministic; contraction factor ≤ 1/3).
 */
export function solvePhotosphere(labels: ArrayLike<number>): PhotosphereState {
  const T = labels[0] as number;
  const g = 10 ** (labels[1] as number);
  const heFraction = labels[2] as number;
  const Y = heFraction / (1 - heFraction);
  const muH = ATOMIC_MASS_UNIT * (1.008 + 4.0026 * Y + METAL_MASS_PER_H);
  const k1 = hminusOpacityPerPe(5000, T);
  let Pe = 10;
  let E = 0;
  for (let it = 0; it < 24; it++) {
    E = electronsPerH(labels, T, Pe);
    const alpha = E / (1 + Y + E);
    const target = Math.sqrt(((4 / 3) * g * muH * alpha) / k1);
    Pe = Math.cbrt(Pe * target * target);
  }
  E = electronsPerH(labels, T, Pe);
  const alpha = E / (1 + Y + E);
  const Pg = Pe / alpha;
  const PgLine = Pg * Math.sqrt(TAU_LINE / TAU_CONTINUUM);
  const perturberDensity = PgLine / (K_BOLTZMANN * T) / (1 + alpha);
  return { T, theta: 5040 / T, Pe, Pg, heliumPerH: Y, perturberDensity, electronsPerH: E };
}
