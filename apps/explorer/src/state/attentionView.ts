/** Attention weights of one wavelength: [layer][head][token], from attentionMaps' [layer, head, λ, token] data. */
export function attentionAt(data: ArrayLike<number>, shape: readonly number[], lambdaIndex: number): number[][][] {
  const [layers, heads, m, tokens] = shape as [number, number, number, number];
  if (shape.length !== 4)
    throw new RangeError(`attention maps must have 4 dimensions [layer, head, λ, token]; got [${shape.join(', ')}]`);
  if (!(lambdaIndex >= 0 && lambdaIndex < m))
    throw new RangeError(`wavelength index ${lambdaIndex} is outside 0…${m - 1}`);
  const out: number[][][] = [];
  for (let l = 0; l < layers; l++) {
    const layer: number[][] = [];
    for (let h = 0; h < heads; h++) {
      const base = ((l * heads + h) * m + lambdaIndex) * tokens;
      layer.push(Array.from({ length: tokens }, (_, t) => data[base + t]!));
    }
    out.push(layer);
  }
  return out;
}

/** Colour of an attention weight in [0, 1] (white → dark blue). */
export function attentionColour(weight: number): string {
  const t = Math.min(1, Math.max(0, Number.isFinite(weight) ? weight : 0));
  const r = Math.round(255 - t * 225);
  const g = Math.round(255 - t * 175);
  const b = Math.round(255 - t * 75);
  return `rgb(${r}, ${g}, ${b})`;
}
