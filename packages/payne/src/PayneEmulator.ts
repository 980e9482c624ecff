import * as tf from '@tensorflow/tfjs';
import { createDense, Parameters, type DenseLayer } from '@astroemu/attention';
import { FixedGridEmulator, copyWeight, scaleLabels } from '@astroemu/emulator-core';
import { applyActivation } from './activation';
import type { PayneConfig } from './payneConfig';
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
export class PayneEmulator extends FixedGridEmulator<PayneConfig> {
  readonly kind = 'payne';
  /** Every weight, by name (`input/kernel`, `hidden/0/bias`, `output/kernel`, …). */
  readonly parameters: Parameters;
  private readonly input: DenseLayer;
  private readonly hidden: DenseLayer[];
  private readonly output: DenseLayer;

  /** Builds from a parsed config; with `weights` (names and shapes of `payneWeightShapes`) copies them, else random init. */
  constructor(config: PayneConfig, weights?: Map<string, tf.Tensor>) {
    super(config, { name: 'PayneEmulator', packageVersion: `${PACKAGE_NAME}@${PACKAGE_VERSION}` });
    this.parameters = new Parameters({ seed: this.cfg.architecture.seed });
    const shapes = payneWeightShapes(this.cfg);
    const dense = (name: string): DenseLayer => {
      const [inDim, outDim] = shapes[`${name}/kernel`] as [number, number];
      return createDense(this.parameters, name, {
        inDim,
        outDim,
        ...(weights && {
          kernelInit: copyWeight(weights, `${name}/kernel`, 'PayneEmulator'),
          biasInit: copyWeight(weights, `${name}/bias`, 'PayneEmulator'),
        }),
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
  override scale(labels: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const centered = scaleLabels(labels, this.labels);
      return this.architecture.inputScaling === 'unit' ? (centered.add(0.5) as tf.Tensor2D) : centered;
    });
  }
}
