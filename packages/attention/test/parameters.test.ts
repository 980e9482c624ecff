import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ParameterError,
  Parameters,
  ShapeError,
  createMultiHeadAttention,
  createResiDualBlock,
  fans,
  glorotNormal,
  lecunNormal,
  ones,
  zeros,
} from '../src/index';

function std(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i]!;
  m /= x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i]! - m) ** 2;
  return Math.sqrt(v / x.length);
}

describe('Parameters', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it('creates named variables under hierarchical names and counts them', () => {
    const p = new Parameters({ seed: 3 });
    const block = createResiDualBlock(p, 'blocks/3', { dim: 8, heads: 2, hiddenDim: 32 });
    expect(p.names()).toEqual([
      'blocks/3/kv_norm/scale',
      'blocks/3/kv_norm/bias',
      'blocks/3/attention/query/kernel',
      'blocks/3/attention/query/bias',
      'blocks/3/attention/key/kernel',
      'blocks/3/attention/key/bias',
      'blocks/3/attention/value/kernel',
      'blocks/3/attention/value/bias',
      'blocks/3/attention/out/kernel',
      'blocks/3/attention/out/bias',
      'blocks/3/attention_norm/scale',
      'blocks/3/attention_norm/bias',
      'blocks/3/feed_forward/dense_0/kernel',
      'blocks/3/feed_forward/dense_0/bias',
      'blocks/3/feed_forward/dense_1/kernel',
      'blocks/3/feed_forward/dense_1/bias',
      'blocks/3/feed_forward_norm/scale',
      'blocks/3/feed_forward_norm/bias',
    ]);
    // 3 LayerNorms (2·8 each) + 4 attention projections (8·8 + 8) + FF (8·32 + 32 + 32·8 + 8)
    expect(p.count()).toBe(3 * 16 + 4 * 72 + (256 + 32 + 256 + 8));
    expect(p.size).toBe(18);
    const v = p.get('blocks/3/attention/query/kernel');
    expect(v).toBeInstanceOf(tf.Variable);
    expect(v.trainable).toBe(true);
    expect(v.name).toBe(`${p.namespace}/blocks/3/attention/query/kernel`);
    expect(block.params.attention.query.kernel).toBe(v);
    expect(p.entries().map(([n]) => n)).toEqual(p.names());
    expect(p.variables()).toHaveLength(18);
    p.dispose();
    expect(p.size).toBe(0);
  });

  it('paper-size TransformerPayne block has the expected parameter count', () => {
    const p = new Parameters();
    createResiDualBlock(p, 'blocks/0', { dim: 256, heads: 8, hiddenDim: 1024 });
    expect(p.count()).toBe(3 * 512 + 4 * (256 * 256 + 256) + (256 * 1024 + 1024 + 1024 * 256 + 256));
    p.dispose();
  });

  it('initializers are seeded: same seed → same values, other seed or name → other values', () => {
    const build = (seed: number) => {
      const p = new Parameters({ seed });
      createMultiHeadAttention(p, 'mha', { dim: 16, heads: 4 });
      return p;
    };
    const [a, b, c] = [build(7), build(7), build(8)];
    const qa = a.get('mha/query/kernel').dataSync();
    expect(Array.from(b.get('mha/query/kernel').dataSync())).toEqual(Array.from(qa));
    expect(Array.from(c.get('mha/query/kernel').dataSync())).not.toEqual(Array.from(qa));
    expect(Array.from(a.get('mha/key/kernel').dataSync())).not.toEqual(Array.from(qa));
    expect(Array.from(a.get('mha/query/bias').dataSync()).every((x) => x === 0)).toBe(true);
    [a, b, c].forEach((p) => p.dispose());
  });

  it('glorot / lecun normal have the right standard deviation; zeros and ones are constant', () => {
    const p = new Parameters({ seed: 11 });
    const g = p.create('g', [200, 300], glorotNormal()).dataSync();
    const l = p.create('l', [200, 300], lecunNormal()).dataSync();
    expect(std(g)).toBeGreaterThan(0.97 * Math.sqrt(2 / 500));
    expect(std(g)).toBeLessThan(1.03 * Math.sqrt(2 / 500));
    expect(std(l)).toBeGreaterThan(0.97 * Math.sqrt(1 / 200));
    expect(std(l)).toBeLessThan(1.03 * Math.sqrt(1 / 200));
    // truncated at 2σ of the underlying normal
    expect(Math.max(...Array.from(l, Math.abs))).toBeLessThanOrEqual(
      (2 * Math.sqrt(1 / 200)) / 0.87962566103423978 + 1e-6,
    );
    expect(Array.from(p.create('z', [3], zeros()).dataSync())).toEqual([0, 0, 0]);
    expect(Array.from(p.create('o', [2], ones()).dataSync())).toEqual([1, 1]);
    expect(fans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
    p.dispose();
  });

  it('serialization round trip: names, shapes and values out, and back into a fresh model', () => {
    const a = new Parameters({ seed: 1 });
    createResiDualBlock(a, 'blocks/0', { dim: 8, heads: 2, hiddenDim: 16 });
    const snap = a.snapshot();
    // as a bundle would store it: JSON header + raw float32 bytes
    const header = JSON.stringify(snap.map(({ name, shape }) => ({ name, shape })));
    const bytes = new Uint8Array(snap.reduce((n, s) => n + s.values.byteLength, 0));
    let off = 0;
    for (const s of snap) {
      bytes.set(new Uint8Array(s.values.buffer, s.values.byteOffset, s.values.byteLength), off);
      off += s.values.byteLength;
    }
    const b = new Parameters({ seed: 2 });
    createResiDualBlock(b, 'blocks/0', { dim: 8, heads: 2, hiddenDim: 16 });
    expect(Array.from(b.get('blocks/0/attention/query/kernel').dataSync())).not.toEqual(
      Array.from(a.get('blocks/0/attention/query/kernel').dataSync()),
    );
    off = 0;
    const restored = (JSON.parse(header) as Array<{ name: string; shape: number[] }>).map(({ name, shape }) => {
      const n = shape.reduce((x, y) => x * y, 1);
      const values = new Float32Array(bytes.slice(off, off + 4 * n).buffer);
      off += 4 * n;
      return { name, shape, values };
    });
    b.load(restored);
    const sb = b.snapshot();
    expect(sb.map((s) => s.name)).toEqual(snap.map((s) => s.name));
    expect(sb.map((s) => s.shape)).toEqual(snap.map((s) => s.shape));
    sb.forEach((s, i) => expect(Array.from(s.values)).toEqual(Array.from(snap[i]!.values)));
    a.dispose();
    b.dispose();
  });

  it('assign checks shapes; load checks names, shapes and values; errors name the parameter', () => {
    const p = new Parameters();
    p.create('w', [2, 3]);
    p.assign('w', [1, 2, 3, 4, 5, 6]);
    expect(Array.from(p.get('w').dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    tf.tidy(() => p.assign('w', tf.ones([2, 3])));
    expect(Array.from(p.get('w').dataSync())).toEqual([1, 1, 1, 1, 1, 1]);
    expect(() => p.assign('w', [1, 2])).toThrow(ShapeError);
    expect(() => p.assign('w', [1, 2])).toThrow(/Parameters.assign: 'w' has shape \[2, 3\] \(6 values\); got 2 values/);
    expect(() => tf.tidy(() => p.assign('w', tf.ones([3, 2])))).toThrow(
      /'w' has shape \[2, 3\]; got values of shape \[3, 2\]/,
    );
    expect(() => p.assign('w', [1, 2, 3, 4, 5, NaN])).toThrow(/must be finite; element 5 is NaN/);
    expect(() => p.get('v')).toThrow(ParameterError);
    expect(() => p.get('v')).toThrow(/Parameters.get: no parameter 'v' \(1 known, e.g. 'w'\)/);
    expect(() => p.create('w', [1])).toThrow(/parameter 'w' already exists/);
    expect(() => p.create('a//b', [1])).toThrow(/got 'a\/\/b'/);
    expect(() => p.create('x', [0, 2])).toThrow(/shape of 'x' must be positive integers; got \[0, 2\]/);
    const good = { name: 'w', shape: [2, 3], values: new Float32Array(6) };
    expect(() => p.load([{ ...good, shape: [3, 2] }])).toThrow(/Parameters.load: 'w' has shape \[2, 3\]; got \[3, 2\]/);
    expect(() => p.load([good, { name: 'extra', shape: [1], values: new Float32Array(1) }])).toThrow(
      /unexpected parameter 'extra'/,
    );
    expect(() => p.load([])).toThrow(/1 parameter\(s\) missing from the snapshot, e.g. 'w'/);
    expect(() => p.load([{ ...good, values: new Float32Array(5) }])).toThrow(/needs 6 values; got 5/);
    // nothing assigned after a failed load
    expect(Array.from(p.get('w').dataSync())).toEqual([1, 1, 1, 1, 1, 1]);
    p.load([good, { name: 'extra', shape: [1], values: new Float32Array(1) }], { strict: false });
    expect(Array.from(p.get('w').dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    p.dispose();
  });

  it('two models with the same parameter names coexist (namespaced tf.Variable names)', () => {
    const a = new Parameters();
    const b = new Parameters();
    a.create('blocks/0/x', [1]);
    b.create('blocks/0/x', [1]);
    expect(a.get('blocks/0/x').name).not.toBe(b.get('blocks/0/x').name);
    a.dispose();
    b.dispose();
  });

  it('builders reject bad options with the option name and value', () => {
    const p = new Parameters();
    expect(() => createMultiHeadAttention(p, 'm', { dim: 10, heads: 4 })).toThrow(
      /'heads' must divide 'dim'; got dim = 10, heads = 4/,
    );
    expect(() => createMultiHeadAttention(p, 'm', { dim: 8, heads: 0 })).toThrow(
      /option 'heads' must be a positive integer; got 0/,
    );
    p.dispose();
  });
});
