import * as tf from '@tensorflow/tfjs';
import { activate, createDense, lecunNormal, Parameters, type DenseLayer, type Initializer } from '@astroemu/attention';
import { FixedGridEmulator, copyWeight } from '@astroemu/emulator-core';
import { conv1d } from './conv1d';
import type { ConvConfig } from './convConfig';
import { convTranspose1d } from './convTranspose1d';
import { convSampleCount, convWeightShapes } from './convWeightShapes';
import { interpolateSamples } from './interpolateSamples';
import { interpolationWeights } from './interpolationWeights';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version';

interface ConvLayer {
  kernel: () => tf.Tensor3D;
  bias: () => tf.Tensor1D;
}

/**
 * The convolutional emulator (Różański et al. 2025, Listing 3): an MLP from the scaled labels to a coarse
 * 512 × 4 signal, five stride-2 transposed convolutions up to 16 384 samples, two convolutions and a 1 × 1
 * convolution to one channel, linear interpolation onto the M pixels of the fixed grid, sigmoid.
 * Weights live in `parameters`, read at apply time (LoRA adapters apply).
 */
export class ConvEmulator extends FixedGridEmulator<ConvConfig> {
  readonly kind = 'conv';
  /** Every weight, by name (`input/kernel`, `hidden/0/bias`, `deconv/3/kernel`, `conv/1/bias`, `output/kernel`, …). */
  readonly parameters: Parameters;
  /** Number of internal samples before interpolation (16 384 at paper size). */
  readonly samples: number;
  private readonly input: DenseLayer;
  private readonly hidden: DenseLayer[];
  private readonly deconv: ConvLayer[];
  private readonly conv: ConvLayer[];
  private readonly output: ConvLayer;
  private readonly lower: tf.Tensor1D;
  private readonly upper: tf.Tensor1D;
  private readonly weight: tf.Tensor1D;

  /** Builds from a parsed config; with `weights` (names and shapes of `convWeightShapes`) copies them, else random init. */
  constructor(config: ConvConfig, weights?: Map<string, tf.Tensor>) {
    super(config, { name: 'ConvEmulator', packageVersion: `${PACKAGE_NAME}@${PACKAGE_VERSION}` });
    const fixed = this.wavelength.fixed;
    this.samples = convSampleCount(this.cfg);
    const p = (this.parameters = new Parameters({ seed: this.cfg.architecture.seed }));
    const shapes = convWeightShapes(this.cfg);
    const init = (name: string): { kernelInit?: Initializer; biasInit?: Initializer } =>
      weights
        ? {
            kernelInit: copyWeight(weights, `${name}/kernel`, 'ConvEmulator'),
            biasInit: copyWeight(weights, `${name}/bias`, 'ConvEmulator'),
          }
        : {};
    const dense = (name: string): DenseLayer => {
      const [inDim, outDim] = shapes[`${name}/kernel`] as [number, number];
      return createDense(p, name, { inDim, outDim, ...init(name) });
    };
    const convLayer = (name: string): ConvLayer => {
      const { kernelInit, biasInit } = init(name);
      p.create(`${name}/kernel`, shapes[`${name}/kernel`]!, kernelInit ?? lecunNormal()); // Flax default: LeCun normal, fan-in k·in
      p.create(`${name}/bias`, shapes[`${name}/bias`]!, biasInit ?? ((s) => tf.zeros([...s])));
      return {
        kernel: () => p.value(`${name}/kernel`) as tf.Tensor3D,
        bias: () => p.value(`${name}/bias`) as tf.Tensor1D,
      };
    };
    const a = this.cfg.architecture;
    this.input = dense('input');
    this.hidden = a.dense.slice(1).map((_, i) => dense(`hidden/${i}`));
    this.deconv = Array.from({ length: a.upsamplings }, (_, i) => convLayer(`deconv/${i}`));
    this.conv = a.convFeatures.map((_, i) => convLayer(`conv/${i}`));
    this.output = convLayer('output');
    const { lower, weight } = interpolationWeights(fixed, this.samples, a.samplePlacement);
    this.lower = tf.tensor1d(lower, 'int32');
    this.upper = tf.tensor1d(
      lower.map((i) => i + 1),
      'int32',
    );
    this.weight = tf.tensor1d(weight, 'float32');
  }

  /** Listing 3: scaled labels [B, L] ∈ [-0.5, 0.5] → flux [B, M]. No domain check. */
  forwardScaled(x: tf.Tensor2D): tf.Tensor2D {
    const a = this.architecture;
    const act = (t: tf.Tensor) => activate(t, a.activation);
    return tf.tidy(() => {
      const B = x.shape[0];
      let h = act(this.input.apply(x)); //                                  Dense(2048) + gelu
      for (const layer of this.hidden) h = act(layer.apply(h)); //          Dense(2048) + gelu (×2)
      let s = h.reshape([B, a.baseLength, a.baseChannels]) as tf.Tensor3D; // 2048 → 512 × 4
      for (const l of this.deconv) s = act(convTranspose1d(s, l.kernel(), l.bias())) as tf.Tensor3D; // ConvT(8, k4, s2) ×5 → 16 384
      for (const l of this.conv) s = act(conv1d(s, l.kernel(), l.bias())) as tf.Tensor3D; //            Conv(32, k3) + gelu (×2)
      const samples = conv1d(s, this.output.kernel(), this.output.bias()).reshape([B, this.samples]) as tf.Tensor2D; // Conv(1, k1) → [B, 16 384]
      const flux = this.interpolate(samples); //                            linear interpolation → [B, M]
      return activate(flux, a.outputActivation) as tf.Tensor2D; //          sigmoid
    });
  }

  /** Linear interpolation of [B, N] internal samples onto the M grid pixels. */
  interpolate(samples: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => interpolateSamples(samples, { lower: this.lower, upper: this.upper, weight: this.weight }));
  }

  override dispose(): void {
    super.dispose();
    tf.dispose([this.lower, this.upper, this.weight]);
  }
}
