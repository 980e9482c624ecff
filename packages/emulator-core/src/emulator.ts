import type * as tf from '@tensorflow/tfjs';
import type { EmulatorConfig } from './emulatorConfigSchema';
import type { LabelSpec } from './labelSpec';

/** Whether wavelengths are in air or in vacuum. */
export type WavelengthMedium = 'air' | 'vacuum' | 'unknown';

/** The wavelength domain of an emulator, in Angstrom. */
export interface WavelengthDomain {
  min: number;
  max: number;
  /** The fixed pixel grid of grid emulators (The Payne, conv); absent for TransformerPayne. */
  fixed?: Float64Array;
  medium?: WavelengthMedium;
}

/**
 * The contract every emulator implements. Labels are in physical units; scaling to [-0.5, 0.5]
 * (see scaleLabels) happens inside the emulator.
 */
export interface Emulator {
  /** Registry key, e.g. 'payne', 'conv', 'transformer-payne'. */
  readonly kind: string;
  /** Order and bounds of the label vector. */
  readonly labels: readonly LabelSpec[];
  readonly wavelength: WavelengthDomain;
  /**
   * [B, L] labels in physical units → [B, M] normalized flux. Grid emulators predict on their fixed
   * grid (M = fixed.length) and may reject `wavelength`; wavelength-conditioned emulators need it
   * (a Float64Array keeps float64 precision for host-side encodings). Caller owns the result.
   */
  predict(labels: tf.Tensor2D, wavelength?: tf.Tensor1D | Float64Array): tf.Tensor2D;
  /** The variables an optimiser updates. */
  trainableVariables(): tf.Variable[];
  /** Number of scalar trainable parameters. */
  parameterCount(): number;
  /** Plain JSON config (kind, formatVersion, labels, wavelength domain, architecture, …); `wavelength.fixed` as number[]. */
  config(): EmulatorConfig;
  /** Named weight tensors (names match the kind's `weightShapes`). The emulator keeps ownership: do not dispose. */
  weights(): Map<string, tf.Tensor>;
  /** Frees every tensor the emulator holds. */
  dispose(): void;
}

/**
 * Optional capability of small grid emulators: float64 evaluation of ONE label vector on the host, with the exact
 * ∂flux/∂label. Fitters of a few spectra (composite binary / SB2 models) use it instead of batched tensor calls: no
 * per-call overhead, no finite differences.
 */
export interface HostJacobian {
  /**
   * Labels (physical units) → flux on `wavelength.fixed` (float64). When `jacobian` is given (one Float64Array of the
   * grid's length per label), ∂flux/∂label_k is written into jacobian[k]. With `pixels`, only those pixel indices are
   * computed (flux and Jacobian elsewhere stay 0): e.g. a continuum fit needs the continuum pixels only. No domain
   * check (extrapolates).
   */
  predictHost(labels: ArrayLike<number>, jacobian?: Float64Array[], pixels?: Int32Array): Float64Array;
}

/** Whether an emulator offers {@link HostJacobian}. */
export function hasHostJacobian(e: Emulator): e is Emulator & HostJacobian {
  return typeof (e as Partial<HostJacobian>).predictHost === 'function' && e.wavelength.fixed !== undefined;
}
