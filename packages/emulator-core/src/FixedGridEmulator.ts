import * as tf from '@tensorflow/tfjs';
import { checkFixedGrid, checkLabelTensor, type DomainOptions } from './domainChecks';
import type { Emulator, WavelengthDomain } from './emulator';
import type { EmulatorConfig } from './emulatorConfigSchema';
import { ShapeError } from './errors';
import type { LabelSpec } from './labelSpec';
import type { WavelengthMedium } from './emulator';
import { scaleLabels } from './scaleLabels';

/** What a fixed-grid emulator keeps its weights in (structurally, @astroemu/attention's `Parameters`). */
export interface WeightStore {
  entries(): Array<[string, tf.Tensor]>;
  variables(): tf.Variable[];
  count(): number;
  dispose(): void;
}

/** What every fixed-grid emulator's factory (createPayne, createConvEmulator) takes besides its architecture. */
export interface FixedGridEmulatorOptions {
  /** Order, names, units and bounds of the label vector (physical units). */
  labels: readonly LabelSpec[];
  /** The fixed pixel grid in Angstrom (strictly increasing). */
  wavelength: Float64Array | Float32Array | readonly number[];
  /** Air or vacuum wavelengths (default 'unknown'). */
  medium?: WavelengthMedium;
  /** Seed of the random initialisation (default 0). */
  seed?: number;
  /** Initial weights by name (see the kind's weightShapes); copied. Default: random. */
  weights?: Map<string, tf.Tensor>;
  /** Free-form provenance stored in the bundle's config. */
  training?: Record<string, unknown>;
}

/**
 * The skeleton every fixed-grid emulator (The Payne, BigPayne, the conv emulator) shares: labels and the
 * fixed wavelength grid from the config, `predict` = domain checks → `scale` → `forwardScaled`, and the
 * bundle side of the Emulator contract (`config`, `weights`, `parameterCount`, `dispose`). A subclass
 * builds its layers in `parameters` and writes `forwardScaled` (its paper listing).
 */
export abstract class FixedGridEmulator<C extends EmulatorConfig = EmulatorConfig> implements Emulator {
  abstract readonly kind: string;
  readonly labels: readonly LabelSpec[];
  readonly wavelength: WavelengthDomain & { fixed: Float64Array };
  readonly architecture: Readonly<C['architecture']>;
  /** Every weight, by name (read at apply time, so LoRA adapters apply). */
  abstract readonly parameters: WeightStore;
  protected readonly cfg: C;
  /** Class name for messages ('PayneEmulator') and `packageVersion` ('@astroemu/payne@0.1.0'). */
  private readonly identity: { name: string; packageVersion: string };

  constructor(config: C, identity: { name: string; packageVersion: string }) {
    this.cfg = structuredClone(config);
    this.identity = identity;
    this.labels = this.cfg.labels;
    if (!this.cfg.wavelength.fixed)
      throw new ShapeError(`${identity.name}: config.wavelength.fixed (the pixel grid) is missing`);
    const fixed = Float64Array.from(this.cfg.wavelength.fixed);
    this.wavelength = {
      min: this.cfg.wavelength.min,
      max: this.cfg.wavelength.max,
      medium: this.cfg.wavelength.medium,
      fixed,
    };
    this.architecture = this.cfg.architecture as Readonly<C['architecture']>;
  }

  /** The paper's listing: scaled labels [B, L] (the network's input space) → flux [B, M]. No domain check. */
  abstract forwardScaled(x: tf.Tensor2D): tf.Tensor2D;

  /** Scales physical labels [B, L] to [-0.5, 0.5] ((x − min)/(max − min) − 0.5, no clipping). */
  scale(labels: tf.Tensor2D): tf.Tensor2D {
    return scaleLabels(labels, this.labels);
  }

  /**
   * Labels [B, L] in physical units → normalized flux [B, M] on `wavelength.fixed`. Labels outside their
   * [min, max] throw a DomainError unless `{ extrapolate: true }`. `wavelength`, if given, must be the fixed grid.
   */
  predict(labels: tf.Tensor2D, wavelength?: tf.Tensor1D | Float64Array, options: DomainOptions = {}): tf.Tensor2D {
    const who = `${this.identity.name}.predict`;
    checkLabelTensor(who, labels, this.labels, options);
    checkFixedGrid(who, wavelength, this.wavelength.fixed);
    return tf.tidy(() => this.forwardScaled(this.scale(labels)));
  }

  trainableVariables(): tf.Variable[] {
    return this.parameters.variables();
  }

  parameterCount(): number {
    return this.parameters.count();
  }

  config(): EmulatorConfig {
    const c = structuredClone(this.cfg) as EmulatorConfig;
    c.packageVersion = this.identity.packageVersion;
    return c;
  }

  weights(): Map<string, tf.Tensor> {
    return new Map(this.parameters.entries());
  }

  dispose(): void {
    this.parameters.dispose();
  }
}

/** An initializer that copies `weights.get(name)` (shape-checked; `who` names the emulator in errors). */
export function copyWeight(
  weights: Map<string, tf.Tensor>,
  name: string,
  who: string,
): (shape: readonly number[]) => tf.Tensor {
  return (shape) => {
    const w = weights.get(name);
    if (!w) throw new ShapeError(`${who}: weights have no tensor '${name}' (expected shape [${shape.join(', ')}])`);
    if (w.shape.join() !== shape.join()) {
      throw new ShapeError(
        `${who}: weight '${name}' has shape [${w.shape.join(', ')}]; expected [${shape.join(', ')}]`,
      );
    }
    return w.toFloat().clone();
  };
}
