import { DomainError, type Emulator } from '@astroemu/emulator-core';
import { crbBounds, type CrbBounds } from './crbBounds';
import { emulatorJacobian, type JacobianOptions } from './emulatorJacobian';
import { fisherMatrix, type NoiseModel } from './fisherMatrix';

/** Options of {@link screenLabels}. */
export interface ScreenLabelsOptions extends JacobianOptions, Omit<NoiseModel, 'snr'> {
  /** Signal-to-noise per pixel (σ = 1/snr), unless ivar is given. */
  snr?: number;
  /** Largest acceptable median bound, in each label's units: one value for all, or per label name (default 0.05, the paper's 0.05 dex). */
  threshold?: number | Record<string, number>;
  /** Which bound decides: 'marginal' (default, all screened labels free) or 'conditional'. */
  variant?: 'marginal' | 'conditional';
  /** Labels selected whatever their bound (e.g. Teff, logg, whose units are not dex). */
  alwaysSelect?: readonly string[];
}

/** One row of the screening table. */
export interface ScreenedLabel {
  name: string;
  unit?: string;
  medianMarginal: number;
  medianConditional: number;
  threshold: number;
  selected: boolean;
}

/** Result of {@link screenLabels}. */
export interface ScreeningResult {
  snr?: number;
  variant: 'marginal' | 'conditional';
  labels: ScreenedLabel[];
  /** Names of the selected labels, in emulator order. */
  selected: string[];
  /** Bounds of every label vector. */
  bounds: CrbBounds;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

/**
 * Cramér–Rao screening (Różański et al.): for a set of label vectors (e.g. 100 validation spectra)
 * and a noise level, the median bound per label; a label is selected when its median bound is below
 * the threshold. Labels with no derivative get Infinity and are never selected (unless alwaysSelect).
 */
export function screenLabels(
  emulator: Emulator,
  labelSets: ArrayLike<number> | readonly ArrayLike<number>[],
  options: ScreenLabelsOptions,
): ScreeningResult {
  const variant = options.variant ?? 'marginal';
  const jac = emulatorJacobian(emulator, labelSets, options);
  const fisher = fisherMatrix(jac, {
    snr: options.ivar === undefined ? options.snr : undefined,
    ivar: options.ivar,
    mask: options.mask,
  });
  const bounds = crbBounds(fisher);
  const { batch: B, labelNames } = bounds;
  const L = labelNames.length;
  const always = new Set(options.alwaysSelect ?? []);
  for (const n of always)
    if (!labelNames.includes(n))
      throw new DomainError(
        `screenLabels: alwaysSelect names unknown label '${n}'; expected one of ${labelNames.join(', ')}`,
      );
  const labels: ScreenedLabel[] = labelNames.map((name, l) => {
    const th = options.threshold ?? 0.05;
    const threshold = typeof th === 'number' ? th : (th[name] ?? 0.05);
    const col = (a: Float64Array) => Array.from({ length: B }, (_, b) => a[b * L + l]);
    const medianMarginal = median(col(bounds.marginal));
    const medianConditional = median(col(bounds.conditional));
    const decisive = variant === 'marginal' ? medianMarginal : medianConditional;
    const unit = emulator.labels.find((s) => s.name === name)?.unit;
    return {
      name,
      ...(unit === undefined ? {} : { unit }),
      medianMarginal,
      medianConditional,
      threshold,
      selected: always.has(name) || decisive < threshold,
    };
  });
  return {
    ...(options.snr === undefined ? {} : { snr: options.snr }),
    variant,
    labels,
    selected: labels.filter((r) => r.selected).map((r) => r.name),
    bounds,
  };
}
