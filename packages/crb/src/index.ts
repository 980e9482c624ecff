// Jacobian of an emulator
export type { Jacobian, JacobianOptions } from './emulatorJacobian';
export { emulatorJacobian } from './emulatorJacobian';

// Fisher matrix and Cramér–Rao bounds
export type { NoiseModel, FisherMatrices } from './fisherMatrix';
export { fisherMatrix, pixelWeights } from './fisherMatrix';
export type { CrbBounds } from './crbBounds';
export { crbBounds } from './crbBounds';

// Screening
export type { ScreenLabelsOptions, ScreenedLabel, ScreeningResult } from './screenLabels';
export { screenLabels } from './screenLabels';
export { screeningTable } from './screeningTable';
export { screeningPlotSpec } from './screeningPlotSpec';

// Small dense linear algebra (float64, host)
export { cholesky, choleskySolve } from './cholesky';
export type { SymmetricEigen } from './symmetricEigen';
export { symmetricEigen } from './symmetricEigen';
export type { InvertSymmetricOptions, SymmetricInverse } from './invertSymmetric';
export { invertSymmetric } from './invertSymmetric';
