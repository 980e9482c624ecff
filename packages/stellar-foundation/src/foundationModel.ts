import * as tf from '@tensorflow/tfjs';
import { Parameters, joinName } from '@astroemu/attention';
import { ShapeError } from '@astroemu/emulator-core';
import { createOutputHead } from './createOutputHead';
import { createPostNormBlock, type ForwardMode } from './createPostNormBlock';
import { encodeTokens, type TypeRef } from './encodeTokens';
import {
  FOUNDATION_KIND,
  parseFoundationConfig,
  type FoundationArchitecture,
  type FoundationConfig,
} from './foundationConfigSchema';
import { createNonLinearEmbedding } from './nonLinearEmbedding';
import { PADDING_ID, createVocabulary, type Vocabulary } from './vocabulary';

/** Output of the network in standardised units: mean and log-variance s_pred = ln σ_pred², each [B, R]. */
export interface FoundationOutput {
  mean: tf.Tensor2D;
  logVariance: tf.Tensor2D;
}

/** Answers of {@link FoundationModel.request} in physical units, row-major [stars × types]. */
export interface FoundationPrediction {
  mean: Float32Array;
  /** Predictive standard deviation σ_pred (the model's own uncertainty). */
  sigma: Float32Array;
  stars: number;
  types: string[];
}

export interface FoundationModel {
  readonly kind: typeof FOUNDATION_KIND;
  readonly vocabulary: Vocabulary;
  readonly architecture: FoundationArchitecture;
  readonly params: Parameters;
  /** Free-form training provenance written into config.json. */
  training?: Record<string, unknown>;
  config(): FoundationConfig;
  /** Encoder: standardised values [B, T] and type ids [B, T] (0 = padding) → [B, T, d]. */
  encode(values: tf.Tensor2D, types: tf.Tensor2D, mode?: ForwardMode): tf.Tensor3D;
  /** Decoder + head: request ids [B, R] attend to the encoder output (mask [B, T]). */
  decode(encoded: tf.Tensor3D, mask: tf.Tensor2D, requestTypes: tf.Tensor2D, mode?: ForwardMode): FoundationOutput;
  /** encode then decode (what training differentiates). */
  forward(values: tf.Tensor2D, types: tf.Tensor2D, requestTypes: tf.Tensor2D, mode?: ForwardMode): FoundationOutput;
  /**
   * Reads one row of observations per star (physical units; NaN or a `null` type = missing) and keeps the encoder
   * output for the following requests. Replaces any previous perception.
   */
  perceive(values: readonly ArrayLike<number>[], types: readonly ArrayLike<TypeRef>[]): void;
  /** For every perceived star, the mean and σ of each requested type (physical units). */
  request(types: string | number | readonly (string | number)[]): FoundationPrediction;
  /** Drops the kept perception. */
  forget(): void;
  parameterCount(): number;
  trainableVariables(): tf.Variable[];
  /** Named weights (the model keeps ownership). */
  weights(): Map<string, tf.Tensor>;
  dispose(): void;
}

export interface CreateFoundationModelOptions {
  /** Initialisation seed (default 0). */
  seed?: number;
}

/**
 * The encoder–decoder foundation model of Leung & Bovy (2023, Sect. 2–3, Fig. 2): (type, value) tokens with a
 * non-linear embedding → self-attention encoder over the context → a request token (unit w_type) cross-attending
 * to it in the decoder → a dense head giving a mean and a log-variance.
 */
export function createFoundationModel(
  configJson: FoundationConfig | unknown,
  opts: CreateFoundationModelOptions = {},
): FoundationModel {
  const config = parseFoundationConfig(configJson);
  const arch = config.architecture;
  const vocabulary = createVocabulary(config.tokens);
  const params = new Parameters({ seed: opts.seed ?? 0 });
  const common = { dim: arch.dim, heads: arch.heads, activation: arch.activation, dropout: arch.dropout };
  const embedding = createNonLinearEmbedding(params, 'embedding', {
    vocabSize: vocabulary.size,
    dim: arch.dim,
    activation: arch.embeddingActivation,
  });
  const encoderBlocks = arch.encoderHidden.map((h, i) =>
    createPostNormBlock(params, joinName('encoder', i), { ...common, hiddenDim: h }),
  );
  const decoderBlocks = arch.decoderHidden.map((h, i) =>
    createPostNormBlock(params, joinName('decoder', i), { ...common, hiddenDim: h }),
  );
  const head = createOutputHead(params, 'head', {
    dim: arch.dim,
    hidden: arch.headHidden,
    activation: arch.activation,
  });
  const blockMode = (mode: ForwardMode, i: number): ForwardMode => ({ ...mode, seed: (mode.seed ?? 0) * 64 + i });

  const paddingMask = (types: tf.Tensor2D) => tf.cast(tf.notEqual(types, PADDING_ID), 'float32') as tf.Tensor2D;

  function encode(values: tf.Tensor2D, types: tf.Tensor2D, mode: ForwardMode = {}): tf.Tensor3D {
    if (values.rank !== 2 || values.shape.join() !== types.shape.join()) {
      throw new ShapeError(
        `FoundationModel.encode: expected values and types of the same shape [B, T]; got [${values.shape}] and [${types.shape}]`,
      );
    }
    return tf.tidy(() => {
      const mask = paddingMask(types);
      // 1. Non-linear embedding of (type, value); padded slots (finite values, e.g. 0) are masked out of attention.
      let x = embedding.embed(values, types);
      // 2. Encoder: self-attention over the context, Add & Norm, feed-forward, Add & Norm.
      encoderBlocks.forEach((block, i) => {
        x = block.apply(x, x, mask, blockMode(mode, i));
      });
      return x;
    });
  }

  function decode(
    encoded: tf.Tensor3D,
    mask: tf.Tensor2D,
    requestTypes: tf.Tensor2D,
    mode: ForwardMode = {},
  ): FoundationOutput {
    return tf.tidy(() => {
      // 3. Request token: the unit vector w_type of each requested type.
      let q = embedding.requestTokens(requestTypes);
      // 4. Decoder: cross-attention of the request to the encoded context, Add & Norm, feed-forward, Add & Norm.
      decoderBlocks.forEach((block, i) => {
        q = block.apply(q, encoded, mask, blockMode(mode, 32 + i));
      });
      // 5. Head: dense layers → (mean, log-variance).
      return head.apply(q) as unknown as tf.TensorContainerObject;
    }) as unknown as FoundationOutput;
  }

  function forward(
    values: tf.Tensor2D,
    types: tf.Tensor2D,
    requestTypes: tf.Tensor2D,
    mode: ForwardMode = {},
  ): FoundationOutput {
    return tf.tidy(
      () =>
        decode(
          encode(values, types, mode),
          paddingMask(types),
          requestTypes,
          mode,
        ) as unknown as tf.TensorContainerObject,
    ) as unknown as FoundationOutput;
  }

  let perception: { encoded: tf.Tensor3D; mask: tf.Tensor2D } | undefined;
  const forget = () => {
    perception?.encoded.dispose();
    perception?.mask.dispose();
    perception = undefined;
  };

  const model: FoundationModel = {
    kind: FOUNDATION_KIND,
    vocabulary,
    architecture: arch,
    params,
    config: () => ({
      ...structuredClone(config),
      ...(model.training ? { training: structuredClone(model.training) } : {}),
    }),
    encode,
    decode,
    forward,
    perceive(values, types) {
      const batch = encodeTokens(vocabulary, values, types, { context: arch.context, who: 'FoundationModel.perceive' });
      forget();
      perception = tf.tidy(() => {
        const t = tf.tensor2d(batch.types, [batch.batch, batch.length], 'int32');
        const encoded = encode(tf.tensor2d(batch.values, [batch.batch, batch.length]), t);
        return { encoded, mask: paddingMask(t) };
      });
    },
    request(types) {
      if (perception === undefined)
        throw new ShapeError('FoundationModel.request: nothing perceived; call perceive(values, types) first');
      const list = (Array.isArray(types) ? types : [types]) as Array<string | number>;
      if (list.length === 0)
        throw new ShapeError('FoundationModel.request: expected at least one requested type; got none');
      const ids = list.map((t) => vocabulary.id(t, 'FoundationModel.request'));
      const stars = perception.encoded.shape[0];
      const { encoded, mask } = perception;
      const [mean, logVariance] = tf.tidy(() => {
        const req = tf.tensor2d(
          Array.from({ length: stars }, () => ids),
          [stars, ids.length],
          'int32',
        );
        const out = decode(encoded, mask, req);
        return [out.mean, out.logVariance];
      });
      const m = mean!.dataSync() as Float32Array;
      const s = logVariance!.dataSync() as Float32Array;
      mean!.dispose();
      logVariance!.dispose();
      const sigma = new Float32Array(m.length);
      for (let i = 0; i < m.length; i++) {
        const spec = vocabulary.spec(ids[i % ids.length]!);
        m[i] = m[i]! * spec.scale + spec.center;
        sigma[i] = Math.exp(0.5 * s[i]!) * spec.scale;
      }
      return { mean: Float32Array.from(m), sigma, stars, types: ids.map((id) => vocabulary.name(id)) };
    },
    forget,
    parameterCount: () => params.count(),
    trainableVariables: () => params.variables(),
    weights: () => new Map<string, tf.Tensor>(params.entries()),
    dispose() {
      forget();
      params.dispose();
    },
  };
  return model;
}
