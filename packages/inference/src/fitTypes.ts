import type { ApogeeContinuumOptions } from '@astroemu/grid-io';
import type { LevenbergMarquardtOptions } from './levenbergMarquardt';

/** An observed spectrum. Pixels with mask ≠ 0, ivar ≤ 0 or non-finite flux/ivar are not used. */
export interface ObservedSpectrum {
  /** Increasing wavelengths, Angstrom (same medium as the emulator). */
  wavelength: ArrayLike<number>;
  flux: ArrayLike<number>;
  /** Inverse variance per pixel. */
  ivar: ArrayLike<number>;
  /** Nonzero = bad pixel (excluded). */
  mask?: ArrayLike<number>;
}

/** Progress report for a CLI or UI. */
export interface FitProgress {
  phase: 'prepare' | 'rv' | 'initial' | 'lm' | 'adam' | 'uncertainty' | 'done';
  step: number;
  total: number;
}

/** Options of fitSpectra. */
export interface FitOptions {
  /** Labels to fit (default all); the others stay fixed. */
  fit?: readonly string[];
  /** Values of labels not fitted: one per label (all spectra) or one per spectrum. Default: the middle of each label's box. */
  fixed?: Record<string, number | ArrayLike<number>>;
  /** 'lm' (default): Levenberg–Marquardt from a cross-correlation RV and a multi-start guess. 'adam': the paper's protocol. */
  optimizer?: 'lm' | 'adam';
  /** Radial-velocity search range and whether to fit it (km/s; default [−500, 500], fitted). */
  rv?: { min?: number; max?: number; fit?: boolean; value?: number | ArrayLike<number> };
  /** Multiplicative continuum polynomial (in x ∈ [−1, 1] across each segment); absent or degree < 0: none. */
  continuum?: { degree: number; segments?: readonly [number, number][] };
  /**
   * APOGEE continuum normalisation of data AND model, as the survey does it (grid-io's apogeeContinuumOperator:
   * per chip a degree-4 Chebyshev in the chip's pixel index through the Cannon continuum pixels, weights 1/σ). One
   * operator per spectrum from its OBSERVED σ on the pixels the fit uses (σ = ∞ on the others); the data become
   * flux / C(flux), ivar · C(flux)², and the model (after the Doppler shift, on the observed pixels) E / C(E). The
   * spectra must be on the chips' pixel grid (one `continuumPixels` entry per pixel; chips default APOGEE_CHIPS).
   * Not with `continuum` (the normalisation is the continuum model).
   */
  apogeeContinuum?: ApogeeContinuumOptions;
  /** Return each spectrum's best-fit model flux (FitResult.modelFlux; one more emulator row per spectrum). */
  modelFlux?: boolean;
  /** Fixed observation operators applied to the rest-frame model flux: Gaussian LSF at R, rotation at v sin i (km/s). */
  resolvingPower?: number;
  vsini?: number;
  limbDarkening?: number;
  /** LM: quasi-random label vectors tried for the initial guess besides the box centre (default 0: start from the centre, as The Payne's fitter does). */
  initialCandidates?: number;
  /**
   * LM: velocity candidates per spectrum, the highest peaks of the cross-correlation (default 3 when
   * initialCandidates > 0, else 1); every label candidate is tried at each (host work only, no emulator rows).
   */
  rvCandidates?: number;
  /**
   * LM: number of candidates started (default 1): the lowest-χ² (label, velocity) candidates that lie apart (labels
   * ≥ 0.1 of the box, or velocities ≥ 3 pixels); the lowest final χ² is kept. Adam: random starts (default 10).
   */
  starts?: number;
  /**
   * LM settings (see LevenbergMarquardtOptions): iterations (default 100), χ² tolerance (1e-2), relative χ² tolerance
   * (3e-5), difference step (1e-3), initial damping (1e-3), Broyden steps per finite-difference Jacobian (1), and
   * confirmDrift (0: convergence is always confirmed on a finite-difference Jacobian).
   */
  lm?: Pick<
    LevenbergMarquardtOptions,
    | 'maxIterations'
    | 'chi2Tolerance'
    | 'relativeTolerance'
    | 'step'
    | 'lambda'
    | 'secantSteps'
    | 'confirmDrift'
    | 'maxDamping'
  >;
  /**
   * Adam settings (the paper's defaults). chi2Tolerance: the run counts as converged when a Gauss–Newton step from its
   * result predicts a χ² decrease below this (default 1, i.e. within about 1σ of the local minimum).
   */
  adam?: {
    steps?: number;
    peakLearningRate?: number;
    warmupFraction?: number;
    clipNorm?: number;
    chi2Tolerance?: number;
  };
  /**
   * The emulator's own error variance σ²_emu per pixel of the spectra (flux² units, each value finite and ≥ 0): one
   * array for all spectra (each with that many pixels) or one array per spectrum. Added to the data variance, so each
   * pixel weighs 1 / (1/ivar + σ²_emu) in χ², in the fit and in the covariance (JᵀWJ)⁻¹. From validation residual
   * bands: `emulatorVariance(bands, { wavelength: { bands: λ_bands, target: λ_spectrum } })` of @astroemu/posterior,
   * σ²_emu = ((p84 − p16)/2)² + p50². Default: none (the noise alone).
   */
  emulatorVariance?: ArrayLike<number> | readonly ArrayLike<number>[];
  /** Multiply reported σ by sqrt(max(1, reduced χ²)) (default false). */
  scaleByReducedChi2?: boolean;
  /** Reduced χ² above which a fit is flagged 'poor-chi2' (default 3). */
  poorChi2?: number;
  /** Grid sampling for wavelength-conditioned emulators: rest pixels per observed pixel (default 4). */
  oversample?: number;
  /** Largest rows per predict call (default 2048). */
  maxRows?: number;
  seed?: number;
  onProgress?: (progress: FitProgress) => void;
}

export type FitFlag =
  | 'at-bound'
  | 'not-converged'
  | 'partial-coverage'
  | 'poor-chi2'
  | 'rv-at-edge'
  | 'unconstrained'
  | 'error';

/** Covariance of the fitted parameters (labels in physical units, then rv in km/s when fitted), from (JᵀWJ)⁻¹. */
export interface FitCovariance {
  /** Names of the rows/columns: the fitted labels in fit order, then 'rv' when fitted. */
  parameters: string[];
  /** Row-major n × n covariance (inflated like the uncertainties under scaleByReducedChi2); Infinity where unconstrained. */
  values: number[];
}

/** Result of fitting one spectrum. */
export interface FitResult {
  /** All labels (fitted and fixed), physical units; NaN when the fit failed. */
  labels: Record<string, number>;
  /** 1σ of the fitted labels from the Gauss–Newton covariance (JᵀWJ)⁻¹, marginalised over RV and continuum. */
  uncertainties: Record<string, number>;
  rv: number;
  rvUncertainty: number;
  /** Continuum coefficients per segment (degree + 1 each). */
  continuum: number[][];
  chi2: number;
  /** χ² / (usable pixels − fitted parameters). */
  reducedChi2: number;
  pixelsUsed: number;
  /** Emulator rows predicted for this spectrum (all starts and phases). */
  emulatorEvaluations: number;
  iterations: number;
  /**
   * LM: converged by its tests (not when the damping blew up, a factorisation failed or the iterations ran out).
   * Adam: a Gauss–Newton step from its result predicts a χ² decrease below `adam.chi2Tolerance` (default 1).
   */
  converged: boolean;
  /** Usable pixels left out because the emulator does not cover them at some velocity of the fit ('partial-coverage'). */
  pixelsLost: number;
  /** Label and rv covariance, correlations included. */
  covariance: FitCovariance;
  /** One line per flag that needs explaining (why not converged, how many pixels were lost). */
  notes: string[];
  flags: FitFlag[];
  /**
   * With options.modelFlux: the best-fit model on the spectrum's pixels, as the χ² compares it with the data
   * (continuum polynomial applied; APOGEE-normalised with apogeeContinuum); NaN at the pixels the fit did not use.
   */
  modelFlux?: Float64Array;
  /** With options.apogeeContinuum: the data's APOGEE continuum (the fit compares flux / dataContinuum with the model). */
  dataContinuum?: Float64Array;
  /** Labels within 1e-3 of their box (scaled units). */
  atBound: string[];
  error?: string;
}
