import {
  type Parameters,
  constant,
  createDense,
  createLayerNorm,
  createResiDualBlock,
  joinName,
  varianceScaling,
  type DenseLayer,
  type Initializer,
  type LayerNormLayer,
  type ResiDualBlockLayer,
} from '@astroemu/attention';
import type { TransformerPayneArchitecture } from './transformerPayneConfig';

/** The layers of one TransformerPayne, each reading its weights from a {@link Parameters} store at apply time. */
export interface TransformerPayneLayers {
  /** `input`: Dense(L → labelHiddenDim), applied to the scaled labels (kernel `input/kernel` [L, 1024] in the paper). */
  input: DenseLayer;
  /** `tokens`: Dense(labelHiddenDim → tokens · dim), reshaped to the T label tokens. */
  tokens: DenseLayer;
  /** `blocks/<i>`: ResiDual cross-attention + feed-forward blocks (kv_norm, attention, attention_norm, feed_forward, feed_forward_norm). */
  blocks: ResiDualBlockLayer[];
  /** `head/norm`: LayerNorm of x_pre in the ResiDual combine LN(x_pre) + x_post. */
  headNorm: LayerNormLayer;
  /** `head/dense_0`: Dense(dim → headDim), then the activation. */
  headHidden: DenseLayer;
  /** `head/dense_1`: Dense(headDim → 1), the normalised flux (initialised near the continuum, see {@link HEAD_OUTPUT_INIT}). */
  headOutput: DenseLayer;
}

/**
 * Random initialisation of the output layer `head/dense_1`: kernel LeCun normal × 0.1 (variance 0.01 / headDim) and
 * bias 1, so that a new model predicts the continuum of normalised flux, 1 ± ≈ 0.1, instead of N(0, 1) noise (MSE
 * ≈ 1 against spectra whose mean-spectrum MSE is ≈ 0.03). With plain LeCun the first O(100) steps only undo the
 * initial output, and at learning rates ≥ 1e-2 training stalled at the constant-spectrum level (measured in
 * docs/experiments.md; the published JAX code offers the same idea as head_init='zero'). Not exactly zero, so that
 * a random model's flux still depends on labels and wavelength (tests compare prediction paths with such models).
 */
export const HEAD_OUTPUT_INIT = { kernelScale: 0.01, bias: 1 } as const;

/**
 * Creates every TransformerPayne weight in `params` under the names the training package relies on:
 * `input/…`, `tokens/…`, `blocks/<i>/…`, `head/{norm,dense_0,dense_1}/…`. `kernelInit` overrides the dense kernels'
 * initializer (LeCun normal by default, {@link HEAD_OUTPUT_INIT} for the output layer), e.g. zeros() when the weights
 * are loaded right after.
 */
export function buildTransformerPayneLayers(
  params: Parameters,
  a: TransformerPayneArchitecture,
  labelCount: number,
  kernelInit?: Initializer,
): TransformerPayneLayers {
  const init = kernelInit ? { kernelInit } : {};
  return {
    input: createDense(params, 'input', { inDim: labelCount, outDim: a.labelHiddenDim, ...init }),
    tokens: createDense(params, 'tokens', { inDim: a.labelHiddenDim, outDim: a.tokens * a.dim, ...init }),
    blocks: Array.from({ length: a.blocks }, (_, i) =>
      createResiDualBlock(params, joinName('blocks', i), {
        dim: a.dim,
        heads: a.heads,
        hiddenDim: a.ffDim,
        activation: a.activation,
        epsilon: a.epsilon,
        ...init,
      }),
    ),
    headNorm: createLayerNorm(params, 'head/norm', { dim: a.dim, epsilon: a.epsilon }),
    headHidden: createDense(params, 'head/dense_0', { inDim: a.dim, outDim: a.headDim, ...init }),
    headOutput: createDense(params, 'head/dense_1', {
      inDim: a.headDim,
      outDim: 1,
      kernelInit: kernelInit ?? varianceScaling({ scale: HEAD_OUTPUT_INIT.kernelScale }),
      biasInit: constant(HEAD_OUTPUT_INIT.bias),
    }),
  };
}

/**
 * Names and shapes of every weight, in creation order, without allocating any tensor: the builders run against a
 * store that only records `create` calls, so the list cannot drift from what {@link buildTransformerPayneLayers} makes.
 */
export function transformerPayneWeightShapes(
  a: TransformerPayneArchitecture,
  labelCount: number,
): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  const recorder = {
    create: (name: string, shape: readonly number[]) => {
      shapes[name] = [...shape];
      return undefined;
    },
    value: () => {
      throw new Error('transformerPayneWeightShapes: the shape recorder holds no values');
    },
  } as unknown as Parameters;
  buildTransformerPayneLayers(recorder, a, labelCount);
  return shapes;
}

/** Number of scalar parameters of an architecture with `labelCount` labels (sum over {@link transformerPayneWeightShapes}). */
export function transformerPayneParameterCount(a: TransformerPayneArchitecture, labelCount: number): number {
  return Object.values(transformerPayneWeightShapes(a, labelCount)).reduce(
    (n, s) => n + s.reduce((x, y) => x * y, 1),
    0,
  );
}
