import * as tf from '@tensorflow/tfjs';
import { createDense, Parameters, type DenseLayer, type Initializer } from '@astroemu/attention';
import {
  ShapeError,
  checkFixedGrid,
  checkLabelTensor,
  scaleLabels,
  type DomainOptions as PredictOptions,
  type Emulator,
  type EmulatorConfig,
  type LabelSpec,
  type WavelengthDomain,
} from '@astroemu/emulator-core';
import { applyActivation } from './activation';
import type { PayneArchitecture, PayneConfig } from './payneConfig';
import { payneWeightShapes } from './payneWeightShapes';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version';

/**
 * The Payne / BigPayne (Ting et al. 2019; Różański et al. 2025, Listings 1 and 2): an MLP from the scaled
 * label vector to the flux of every pixel of a fixed wavelength grid.
 *
 *     x = scale(labels)                    [B, L]   (x − min)/(max − min) − 0.5  (or ∈ [0, 1]: inputScaling 'unit')
 *     h = act(Dense(hidden[0])(x))          'input'
 *     h = act(Dense(hidden[i])(h))          'hidden/<i>'   (i = 0 … n−2)
 *     flux = outAct(Dense(M)(h))            'output'       [B, M]
 *
 * Weights live in `parameters` (an @astroemu/attention store, read at apply time so LoRA adapters apply).
 */
export class PayneEmulator implements Emulator {
  readonly kind = 'payne';
  readonly labels: readonly LabelSpec[];
  readonly wavelength: WavelengthDomain;
  readonly architecture: Readonly<PayneArchitecture>;
  /** Every weight, by name (`input/kernel`, `hidden/0/bias`, `output/kernel`, …). */
  readonly parameters: Parameters;
  private readonly input: DenseLayer;
  private readonly hidden: DenseLayer[];
  private readonly output: DenseLayer;
  private readonly cfg: PayneConfig;

  /** Builds from a parsed config; with `weights` (names and shapes of `payneWeightShapes`) copies them, else random init. */
  constructor(config: PayneConfig, weights?: Map<string, tf.Tensor>) {
    this.cfg = structuredClone(config);
    this.labels = this.cfg.labels;
    const fixed = Float64Array.from(this.cfg.wavelength.fixed!);
    this.wavelength = { min: this.cfg.wavelength.min, max: this.cfg.wavelength.max, medium: this.cfg.wavelength.medium, fixed };
    this.architecture = this.cfg.architecture;
    this.parameters = new Parameters({ seed: this.cfg.architecture.seed });
    const shapes = payneWeightShapes(this.cfg);
    const dense = (name: string): DenseLayer => {
      const [inDim, outDim] = shapes[`${name}/kernel`] as [number, number];
      return createDense(this.parameters, name, {
        inDim,
        outDim,
        ...(weights && { kernelInit: fromWeights(weights, `${name}/kernel`), biasInit: fromWeights(weights, `${name}/bias`) }),
      });
    };
    this.input = dense('input');
    this.hidden = this.cfg.architecture.hidden.slice(1).map((_, i) => dense(`hidden/${i}`));
    this.output = dense('output');
  }

  /** Listings 1/2: scaled labels [B, L] (the network's input space) → flux [B, M]. No domain check. */
  forwardScaled(x: tf.Tensor2D): tf.Tensor2D {
    const { activation, outputActivation } = this.architecture;
    return tf.tidy(() => {
      let h = applyActivation(this.input.apply(x), activation); //        Dense(hidden[0]) + act
      for (const layer of this.hidden) h = applyActivation(layer.apply(h), activation); // Dense(hidden[i]) + act
      return applyActivation(this.output.apply(h), outputActivation) as tf.Tensor2D; // Dense(M) + sigmoid | linear
    });
  }

  /** Scales physical labels [B, L] to the network's input space. */
  scale(labels: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const centered = scaleLabels(labels, this.labels);
      return this.architecture.inputScaling === 'unit' ? (centered.add(0.5) as tf.Tensor2D) : centered;
    });
  }

  /**
   * Labels [B, L] in physical units → normalized flux [B, M] on `wavelength.fixed`. Labels outside their
   * [min, max] throw a DomainError unless `{ extrapolate: true }`. `wavelength`, if given, must be the fixed grid.
   */
  predict(labels: tf.Tensor2D, wavelength?: tf.Tensor1D | Float64Array, options: PredictOptions = {}): tf.Tensor2D {
    checkLabelTensor('PayneEmulator.predict', labels, this.labels, options);
    checkFixedGrid('PayneEmulator.predict', wavelength, this.wavelength.fixed!);
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
    c.packageVersion = `${PACKAGE_NAME}@${PACKAGE_VERSION}`;
    return c;
  }

  weights(): Map<string, tf.Tensor> {
    return new Map(this.parameters.entries());
  }

  dispose(): void {
    this.parameters.dispose();
  }
}

/** An initializer that copies `weights.get(name)` (shape-checked). */
function fromWeights(weights: Map<string, tf.Tensor>, name: string): Initializer {
  return (shape) => {
    const w = weights.get(name);
    if (!w) throw new ShapeError(`PayneEmulator: weights have no tensor '${name}' (expected shape [${shape.join(', ')}])`);
    if (w.shape.join() !== shape.join()) {
      throw new ShapeError(`PayneEmulator: weight '${name}' has shape [${w.shape.join(', ')}]; expected [${shape.join(', ')}]`);
    }
    return w.toFloat().clone();
  };
}
