import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as numpyApi from '../src/numpy/index';
import {
  NpyError,
  encodeNpy,
  encodeNpz,
  parseNpy,
  parseNpz,
  readNpy,
  readNpz,
  writeNpy,
  writeNpz,
  type NpyArray,
} from '../src/numpy/index';

const dirUrl = new URL('./fixtures/numpy/', import.meta.url);
const fx = (name: string) => new URL(name, dirUrl).pathname;
const bytesOf = async (name: string) => new Uint8Array(await readFile(fx(name)));

interface Expected {
  arrays: Record<string, { shape: number[]; fortran: boolean; values: (number | string)[] }>;
  npz: Record<string, { shape: number[]; values: (number | string)[] }>;
  the_payne: Record<
    string,
    Record<
      string,
      { dtype: string; shape: number[]; sum: number; first: number; last: number; count_true: number | null }
    >
  >;
}
let expected: Expected;
let tmp: string;
beforeAll(async () => {
  expected = JSON.parse(await readFile(fx('expected.json'), 'utf8')) as Expected;
  tmp = await mkdtemp(join(tmpdir(), 'grid-io-npy-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function asJson(a: NpyArray): (number | string)[] {
  return Array.from(a.data as ArrayLike<number | bigint>, (x) => {
    if (typeof x === 'bigint') return x.toString();
    if (Number.isNaN(x)) return 'nan';
    if (x === Infinity) return 'inf';
    if (x === -Infinity) return '-inf';
    return x;
  });
}

describe('numpy public surface', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(numpyApi).sort()).toEqual(
      [
        'NpyError',
        'encodeNpy',
        'encodeNpz',
        'parseNpy',
        'parseNpz',
        'readNpy',
        'readNpz',
        'writeNpy',
        'writeNpz',
      ].sort(),
    );
  });
});

describe('.npy written by numpy', () => {
  it('reads every dtype in C and Fortran order, versions 1–3, 0-d and empty, as numpy sees them', async () => {
    for (const [name, want] of Object.entries(expected.arrays)) {
      const a = await readNpy(fx(`${name}.npy`));
      expect(a.shape, name).toEqual(want.shape);
      expect(a.fortranOrder, name).toBe(want.fortran);
      const got = asJson(a);
      // -0 is kept: compare with Object.is through JSON-safe strings
      expect(got.map(String), name).toEqual(want.values.map(String));
      if (name.startsWith('c_f') && name !== 'c_f2') expect(Object.is(a.data[0], -0), name).toBe(true);
    }
  });

  it('writes exactly the bytes np.save wrote (every dtype, C and Fortran order, 0-d, empty)', async () => {
    for (const name of Object.keys(expected.arrays)) {
      if (name.startsWith('v')) continue; // format 2.0/3.0 were forced; np.save writes 1.0
      const original = await bytesOf(`${name}.npy`);
      expect(encodeNpy(parseNpy(original)), name).toEqual(original);
    }
  });

  it('refuses big-endian, object, structured and complex arrays with a clear error', async () => {
    await expect(readNpy(fx('bad_bigendian.npy'))).rejects.toThrow(
      /bad_bigendian\.npy: big-endian dtype '>f4' is not supported; expected little-endian '<f4'/,
    );
    await expect(readNpy(fx('bad_object.npy'))).rejects.toThrow(
      /bad_object\.npy: object arrays \(dtype '\|O'\) cannot be read/,
    );
    await expect(readNpy(fx('bad_structured.npy'))).rejects.toThrow(/structured dtypes are not supported/);
    await expect(readNpy(fx('bad_complex.npy'))).rejects.toThrow(/dtype '<c8' is not supported/);
    expect(() => parseNpy(new Uint8Array(12))).toThrow(NpyError);
    const truncated = (await bytesOf('c_f8.npy')).subarray(0, 130);
    expect(() => parseNpy(truncated, 'cut.npy')).toThrow(
      /cut\.npy: data is truncated; expected 48 bytes for shape \(2, 3\) of <f8; got 2/,
    );
  });

  it('infers dtype from the typed array and checks the shape', () => {
    const a = parseNpy(encodeNpy({ data: new Int16Array([1, -2, 3, 4]), shape: [2, 2], fortranOrder: true }));
    expect(a).toEqual({ dtype: 'i2', shape: [2, 2], fortranOrder: true, data: new Int16Array([1, -2, 3, 4]) });
    expect(() => encodeNpy({ data: new Float32Array(5), shape: [2, 3] })).toThrow(
      /'shape' \(2, 3\) holds 6 elements; 'data' has 5/,
    );
    const h = parseNpy(encodeNpy({ data: Float32Array.from([1, 0.1, 65520, 1e-8, -3e-5]), dtype: 'f2' }));
    // numpy: np.array([1, 0.1, 65520, 1e-8, -3e-5]).astype(np.float32).astype('<f2') (checked once by hand)
    expect(Array.from(h.data as Float32Array)).toEqual([
      1,
      0.0999755859375,
      Infinity,
      0,
      Math.fround(-0.000029981136322021484),
    ]);
  });
});

describe('.npz', () => {
  it.each(['stored.npz', 'deflated.npz'])('reads %s written by np.savez / np.savez_compressed', async (name) => {
    const z = await readNpz(fx(name));
    expect(Object.keys(z).sort()).toEqual(['first', 'second']);
    expect(z.first!.shape).toEqual(expected.npz.first!.shape);
    expect(asJson(z.first!)).toEqual(expected.npz.first!.values);
    expect(asJson(z.second!)).toEqual(expected.npz.second!.values);
  });

  it("reads The Payne's published .npz files as numpy does (sum, first, last)", async () => {
    for (const [file, members] of Object.entries(expected.the_payne)) {
      const z = await readNpz(fx(file));
      for (const [key, want] of Object.entries(members)) {
        const a = z[key]!;
        expect(a.shape, `${file}:${key}`).toEqual(want.shape);
        let sum = 0;
        for (let i = 0; i < a.data.length; i++) sum += Number(a.data[i]);
        expect(sum).toBeCloseTo(want.sum, 6);
        expect(Number(a.data[0])).toBe(want.first);
        expect(Number(a.data[a.data.length - 1])).toBe(want.last);
        if (want.count_true !== null) expect(a.dtype).toBe('b1');
      }
    }
  });

  it('writes stored and deflated archives whose members are np.save bytes; files are written atomically', async () => {
    const first = (await readNpz(fx('stored.npz'))).first!;
    for (const compress of [false, true]) {
      const path = join(tmp, `out${compress}.npz`);
      await writeNpz(path, { first, mask: { data: new Uint8Array([1, 0, 1]), dtype: 'b1' } }, { compress });
      const members = unzipSync(new Uint8Array(await readFile(path)));
      expect(members['first.npy']).toEqual(unzipSync(await bytesOf('stored.npz'))['first.npy']);
      const back = await readNpz(path);
      expect(back.mask).toEqual({ dtype: 'b1', shape: [3], fortranOrder: false, data: new Uint8Array([1, 0, 1]) });
    }
    expect(encodeNpz({ a: { data: new Float64Array(1000) } }, { compress: true }).length).toBeLessThan(
      encodeNpz({ a: { data: new Float64Array(1000) } }).length,
    );
    await writeNpy(join(tmp, 'x.npy'), { data: new Float64Array([1, 2]) });
    expect(parseNpy(await readFile(join(tmp, 'x.npy'))).data).toEqual(new Float64Array([1, 2]));
    expect((await readdir(tmp)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(() => parseNpz(new Uint8Array([1, 2, 3]), 'junk.npz')).toThrow(/junk\.npz: not a readable \.npz/);
  });
});
