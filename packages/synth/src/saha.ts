import { IONIZATION_ENERGY_I, IONIZATION_ENERGY_II } from './elements';
import { partitionFunctions } from './partitionFunctions';
import { THETA_SCALE } from './physicalConstants';

/**
 * Saha ratio N_{j+1}/N_j (Gray 2005, eq. 1.23):
 * log(N_{j+1}/N_j) = log(U_{j+1}/U_j) + 2.5 log T − θχ_j − log Pe − 0.1762, θ = 5040/T, Pe in dyn cm⁻².
 */
export function sahaRatio(chi: number, uLower: number, uUpper: number, T: number, Pe: number): number {
  const log10Phi = Math.log10(uUpper / uLower) + 2.5 * Math.log10(T) - (THETA_SCALE / T) * chi - 0.1762;
  return 10 ** log10Phi / Pe;
}

/**
 * Fractions of element Z in stages I, II, III at temperature T [K] and electron pressure Pe [dyn cm⁻²]
 * (higher stages neglected). Writes into `out` (length ≥ 3) when given and returns it.
 */
export function ionizationFractions(
  Z: number,
  T: number,
  Pe: number,
  out: Float64Array = new Float64Array(3),
): Float64Array {
  const u = partitionFunctions(Z);
  const u1 = u[0];
  const u2 = u[1];
  const u3 = u[2];
  const r1 = sahaRatio(IONIZATION_ENERGY_I[Z] as number, u1, u2, T, Pe);
  const r2 = Z === 1 ? 0 : sahaRatio(IONIZATION_ENERGY_II[Z] as number, u2, u3, T, Pe);
  const n1 = 1;
  const n2 = r1;
  const n3 = r1 * r2;
  const sum = n1 + n2 + n3;
  out[0] = n1 / sum;
  out[1] = n2 / sum;
  out[2] = n3 / sum;
  return out;
}
