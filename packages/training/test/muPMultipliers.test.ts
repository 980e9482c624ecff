import { expect, test } from 'vitest';
import { muPMultipliers } from '../src/muPMultipliers';

test('muP multipliers: embedding-in ×1, embedding-out / attention / feed-forward / head ×1/m, vectors ×1', () => {
  const shapes: Array<[string, number[]]> = [
    ['input/kernel', [5, 64]],
    ['input/bias', [64]],
    ['labelEmbedding/kernel', [64, 1024]],
    ['tokens/kernel', [64, 1024]],
    ['blocks/0/attention/query/kernel', [64, 64]],
    ['blocks/0/feedForward/in/kernel', [64, 256]],
    ['blocks/0/norm/scale', [64]],
    ['hidden/1/kernel', [64, 64]],
    ['head/kernel', [64, 1]],
    ['lora/head/kernel/a', [64, 4]],
  ];
  const m = muPMultipliers(shapes, { width: 64, baseWidth: 16 });
  expect(Object.fromEntries(m)).toEqual({
    'input/kernel': 1,
    'input/bias': 1,
    'labelEmbedding/kernel': 0.25,
    'tokens/kernel': 0.25,
    'blocks/0/attention/query/kernel': 0.25,
    'blocks/0/feedForward/in/kernel': 0.25,
    'blocks/0/norm/scale': 1,
    'hidden/1/kernel': 0.25,
    'head/kernel': 0.25,
    'lora/head/kernel/a': 0.25,
  });
  expect(() => muPMultipliers([['conv/0/kernel', [3, 3]]], { width: 2, baseWidth: 1 })).toThrow(
    /muPMultipliers: parameter 'conv\/0\/kernel' belongs to no muP group; expected a name starting with 'input\/'/,
  );
  expect(() => muPMultipliers([], { width: 0, baseWidth: 1 })).toThrow(
    /option 'width' must be a finite number > 0; got 0/,
  );
});
