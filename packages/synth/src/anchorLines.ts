import type { LineRecord } from './lineList';

/**
 * A few well-known strong lines of 4000–5000 Å with approximate parameters (air wavelengths; values
 * rounded from the VALD database), so that the generated list contains the landmarks astronomers
 * look for: Ca I 4227, the Fe I 4045/4063/4071/4383/4405 lines, Sr II 4078/4216, Ba II 4554/4934, …
 */
export const ANCHOR_LINES: readonly LineRecord[] = [
  { lambda: 4030.753, Z: 25, ion: 1, chi: 0.0, loggf: -0.48 },
  { lambda: 4044.14, Z: 19, ion: 1, chi: 0.0, loggf: -1.94 },
  { lambda: 4045.813, Z: 26, ion: 1, chi: 1.485, loggf: 0.28 },
  { lambda: 4063.594, Z: 26, ion: 1, chi: 1.557, loggf: 0.062 },
  { lambda: 4071.738, Z: 26, ion: 1, chi: 1.608, loggf: -0.008 },
  { lambda: 4077.709, Z: 38, ion: 2, chi: 0.0, loggf: 0.167 },
  { lambda: 4129.72, Z: 63, ion: 2, chi: 0.0, loggf: 0.22 },
  { lambda: 4172.04, Z: 31, ion: 1, chi: 0.1, loggf: -0.32 },
  { lambda: 4215.519, Z: 38, ion: 2, chi: 0.0, loggf: -0.145 },
  { lambda: 4226.728, Z: 20, ion: 1, chi: 0.0, loggf: 0.244 },
  { lambda: 4254.332, Z: 24, ion: 1, chi: 0.0, loggf: -0.114 },
  { lambda: 4274.796, Z: 24, ion: 1, chi: 0.0, loggf: -0.231 },
  { lambda: 4383.545, Z: 26, ion: 1, chi: 1.485, loggf: 0.2 },
  { lambda: 4404.75, Z: 26, ion: 1, chi: 1.557, loggf: -0.142 },
  { lambda: 4443.794, Z: 22, ion: 2, chi: 1.08, loggf: -0.72 },
  { lambda: 4554.029, Z: 56, ion: 2, chi: 0.0, loggf: 0.17 },
  { lambda: 4571.096, Z: 12, ion: 1, chi: 0.0, loggf: -5.623 },
  { lambda: 4702.991, Z: 12, ion: 1, chi: 4.346, loggf: -0.44 },
  { lambda: 4722.153, Z: 30, ion: 1, chi: 4.03, loggf: -0.338 },
  { lambda: 4810.528, Z: 30, ion: 1, chi: 4.078, loggf: -0.137 },
  { lambda: 4883.682, Z: 39, ion: 2, chi: 1.084, loggf: 0.07 },
  { lambda: 4934.076, Z: 56, ion: 2, chi: 0.0, loggf: -0.15 },
  { lambda: 4957.597, Z: 26, ion: 1, chi: 2.808, loggf: 0.233 },
];
