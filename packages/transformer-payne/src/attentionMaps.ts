import * as tf from '@tensorflow/tfjs';
import {
  ShapeError,
  checkLabelDomain,
  checkWavelengthDomain,
  scaleLabels,
  type DomainOptions,
} from '@astroemu/emulator-core';
import { toWavelengthGrid, type TransformerPayne } from './transformerPayne';

/**
 * Attention maps of one label vector (physical units): softmax weights [layer, head, λ, token] of every block's
 * cross-attention for the chosen wavelengths (Å), as in the paper's interpretability figures. Chunked like predict;
 * the result holds blocks · heads · M · tokens floats. The caller owns it.
 */
export function attentionMaps(
  model: TransformerPayne,
  labels: ArrayLike<number> | tf.Tensor,
  wavelength: Float64Array | tf.Tensor1D,
  opts: DomainOptions & { memoryBudgetBytes?: number } = {},
): tf.Tensor4D {
  const who = 'attentionMaps';
  const L = model.labels.length;
  const values = labels instanceof tf.Tensor ? labels.dataSync() : Float32Array.from(labels);
  if (values.length !== L || (labels instanceof tf.Tensor && labels.size !== L)) {
    throw new ShapeError(
      `Argument 'labels' passed to '${who}' must be ONE label vector of ${L} values; got ${values.length}`,
    );
  }
  const grid = toWavelengthGrid(who, wavelength);
  checkWavelengthDomain(who, grid, model.wavelength, opts);
  checkLabelDomain(who, values, model.labels, opts);
  const perBlock: tf.Tensor4D[][] = model.layers.blocks.map(() => []);
  tf.tidy(() => {
    const scaled = scaleLabels(tf.tensor2d(Float32Array.from(values), [1, L]), model.labels);
    const flux = model.forward(scaled, grid, {
      ...(opts.memoryBudgetBytes === undefined ? {} : { memoryBudgetBytes: opts.memoryBudgetBytes }),
      onAttention: (block, weights) => perBlock[block]!.push(tf.keep(weights)),
    });
    flux.dispose();
  });
  return tf.tidy(() => {
    const maps = perBlock.map((chunks) => (chunks.length === 1 ? chunks[0]! : tf.concat(chunks, 2)).squeeze([0])); // [H, M, T]
    const out = tf.stack(maps) as tf.Tensor4D;
    perBlock.flat().forEach((t) => t.dispose());
    return out;
  });
}
