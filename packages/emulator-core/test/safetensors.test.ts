import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readSafetensors, SafetensorsError, type SafetensorsTensor, writeSafetensors } from '../src/index';
import { floatToBfloat16, floatToHalf, halfToFloat } from '../src/safetensorsDtype';

const fx = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const bytesOf = (name: string) => new Uint8Array(readFileSync(fx(name)));
const jsonOf = (name: string) => JSON.parse(readFileSync(fx(name), 'utf8'));

/** Builds a raw safetensors file from a header object and a data buffer (for malformed cases). */
function raw(header: unknown, data: Uint8Array, headerLength?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLength ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('readSafetensors on the astro-emulators-toolkit reference weights', () => {
  const file = readSafetensors(bytesOf('aet_weights.safetensors'));
  const expected = jsonOf('aet_weights.json');

  test('names, dtypes and shapes match numpy', () => {
    expect([...file.tensors.keys()].sort()).toEqual(Object.keys(expected.tensors).sort());
    for (const [name, e] of Object.entries<any>(expected.tensors)) {
      const t = file.tensors.get(name)!;
      expect(t.dtype).toBe(e.dtype);
      expect(t.shape).toEqual(e.shape);
    }
    expect(file.metadata).toEqual({});
  });

  test('zero-byte F64 tensor of shape [0] is read as an empty Float64Array', () => {
    const t = file.tensors.get('params/model_state')!;
    expect(t.data).toBeInstanceOf(Float64Array);
    expect(t.data.length).toBe(0);
  });

  test('values match numpy (first, last, sum, max |x|)', () => {
    for (const [name, e] of Object.entries<any>(expected.tensors)) {
      const d = file.tensors.get(name)!.data as Float32Array;
      expect(Array.from(d.slice(0, 5))).toEqual(e.first);
      expect(Array.from(d.slice(Math.max(0, d.length - 3)))).toEqual(e.last);
      let sum = 0;
      let absMax = 0;
      for (const v of d) {
        sum += v;
        absMax = Math.max(absMax, Math.abs(v));
      }
      expect(sum).toBeCloseTo(e.sum, 9);
      expect(absMax).toBe(e.absMax);
    }
    expect(file.tensors.get('params/params/core_model/layers/2/kernel')!.data.length).toBe(128 * 500);
  });

  test('re-writing the tensors gives a file that reads back identically', () => {
    const again = readSafetensors(writeSafetensors(file.tensors));
    for (const [name, t] of file.tensors) {
      expect(again.tensors.get(name)).toEqual(t);
    }
  });
});

describe('readSafetensors on a numpy-written file with every dtype', () => {
  const file = readSafetensors(bytesOf('numpy_dtypes.safetensors'));
  const expected = jsonOf('numpy_dtypes.json');
  test.each(['f64', 'f32', 'f16', 'bf16', 'i64', 'i32', 'u8', 'bool', 'empty', 'scalar'])('%s', (name) => {
    const t = file.tensors.get(name)!;
    const e = expected[name];
    expect(t.dtype).toBe(e.dtype);
    expect(t.shape).toEqual(e.shape);
    if (e.dtype === 'I64') {
      expect(t.data).toBeInstanceOf(BigInt64Array);
      expect(Array.from(t.data as BigInt64Array, String)).toEqual(e.values);
    } else {
      expect(Array.from(t.data as Float32Array)).toEqual(e.values);
    }
    if (e.dtype === 'F16' || e.dtype === 'BF16') expect(t.data).toBeInstanceOf(Float32Array);
    if (e.dtype === 'BOOL' || e.dtype === 'U8') expect(t.data).toBeInstanceOf(Uint8Array);
  });
  test('metadata', () => expect(file.metadata).toEqual({ written_by: 'numpy' }));
});

describe('half-precision conversions agree with numpy', () => {
  const e = jsonOf('numpy_dtypes.json');
  test('float32 → F16 bits (round to nearest even) and back', () => {
    expect(e.source_f32.map(floatToHalf)).toEqual(e.f16_bits);
    expect(e.f16_bits.map(halfToFloat)).toEqual(e.f16.values);
    expect(floatToHalf(70000)).toBe(0x7c00);
    expect(floatToHalf(-Infinity)).toBe(0xfc00);
    expect(Number.isNaN(halfToFloat(floatToHalf(NaN)))).toBe(true);
  });
  test('float32 → BF16 bits (round to nearest even)', () => {
    expect(e.source_f32.map(floatToBfloat16)).toEqual(e.bf16_bits);
  });
});

describe('writeSafetensors', () => {
  const tensors: Record<string, SafetensorsTensor> = {
    f64: { dtype: 'F64', shape: [3], data: new Float64Array([4000.000000001, -1e300, Math.PI]) },
    f32: { dtype: 'F32', shape: [2, 2], data: new Float32Array([1, -2.5, 3e-8, 7]) },
    f16: { dtype: 'F16', shape: [3], data: new Float32Array([1, -0.5, 0.333251953125]) },
    bf16: { dtype: 'BF16', shape: [2], data: new Float32Array([1, -3.140625]) },
    i64: { dtype: 'I64', shape: [2], data: new BigInt64Array([-(2n ** 62n), 2n ** 53n + 1n]) },
    u64: { dtype: 'U64', shape: [1], data: new BigUint64Array([2n ** 64n - 1n]) },
    i32: { dtype: 'I32', shape: [2], data: new Int32Array([-(2 ** 31), 2 ** 31 - 1]) },
    u32: { dtype: 'U32', shape: [1], data: new Uint32Array([2 ** 32 - 1]) },
    i16: { dtype: 'I16', shape: [1], data: new Int16Array([-32768]) },
    u16: { dtype: 'U16', shape: [1], data: new Uint16Array([65535]) },
    i8: { dtype: 'I8', shape: [1], data: new Int8Array([-128]) },
    u8: { dtype: 'U8', shape: [3], data: new Uint8Array([0, 1, 255]) },
    bool: { dtype: 'BOOL', shape: [2], data: new Uint8Array([1, 0]) },
    empty: { dtype: 'F32', shape: [0, 5], data: new Float32Array(0) },
    scalar: { dtype: 'F64', shape: [], data: new Float64Array([2.5]) },
  };

  test('round trip with every dtype and metadata', () => {
    const bytes = writeSafetensors(tensors, { purpose: 'test' });
    const back = readSafetensors(bytes);
    expect(back.metadata).toEqual({ purpose: 'test' });
    expect([...back.tensors.keys()]).toEqual(Object.keys(tensors));
    for (const [name, t] of Object.entries(tensors)) expect(back.tensors.get(name)).toEqual(t);
  });

  test('header is padded with spaces to an 8-byte boundary and offsets are contiguous', () => {
    const bytes = writeSafetensors(tensors);
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(text.trimEnd().length).toBeLessThanOrEqual(n);
    expect(/^ *$/.test(text.slice(text.trimEnd().length))).toBe(true);
    const header = JSON.parse(text);
    expect(header.f64.data_offsets).toEqual([0, 24]);
    expect(header.f32.data_offsets).toEqual([24, 40]);
    expect(bytes.length - 8 - n).toBe(Object.values<any>(header).reduce((m, e) => Math.max(m, e.data_offsets[1]), 0));
  });

  test('rejects data that does not match the dtype or shape', () => {
    expect(() => writeSafetensors({ a: { dtype: 'F32', shape: [3], data: new Float32Array(2) } })).toThrow(
      /tensor 'a' has shape \[3\] \(3 values\) but its data has 2 values/,
    );
    expect(() => writeSafetensors({ a: { dtype: 'F64', shape: [1], data: new Float32Array(1) } })).toThrow(
      /tensor 'a' of dtype F64 needs Float64Array data; got Float32Array/,
    );
    expect(() => writeSafetensors({ a: { dtype: 'X9' as never, shape: [1], data: new Float32Array(1) } })).toThrow(
      SafetensorsError,
    );
    expect(() => writeSafetensors({ a: { dtype: 'BOOL', shape: [1], data: new Uint8Array([2]) } })).toThrow(
      /BOOL must hold only 0 and 1/,
    );
  });
});

describe('readSafetensors rejects malformed files with a SafetensorsError', () => {
  const data16 = new Uint8Array(16);
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['shorter than 8 bytes', () => new Uint8Array(5), /truncated: 5 bytes, expected at least 8/],
    [
      'truncated header',
      () => raw({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, data16).subarray(0, 30),
      /truncated: header length \d+ needs \d+ bytes, but the file has 30/,
    ],
    [
      'truncated data',
      () => raw({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, data16).subarray(0, 70),
      /tensor 'a' has data_offsets \[0, 16\] beyond the data buffer of \d+ bytes/,
    ],
    [
      'header length too large',
      () => raw({}, data16, 200_000_000n),
      /header length 200000000 is larger than the limit of 100000000 bytes/,
    ],
    [
      'absurd header length',
      () => raw({}, data16, 2n ** 63n),
      /header length 9223372036854775808 is larger than the limit/,
    ],
    [
      'overlapping offsets',
      () =>
        raw(
          {
            a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
            b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
            c: { dtype: 'F32', shape: [1], data_offsets: [12, 16] },
          },
          data16,
        ),
      /tensor 'b' data_offsets \[4, 12\] overlap the previous tensor, which ends at 8/,
    ],
    [
      'gap between tensors',
      () =>
        raw(
          {
            a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
            b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] },
          },
          data16,
        ),
      /do not cover the data buffer: gap of bytes \[4, 8\) before tensor 'b'/,
    ],
    [
      'offsets not covering the end',
      () => raw({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, data16),
      /do not cover the data buffer: tensors end at byte 8, but the data buffer has 16 bytes/,
    ],
    [
      'bad dtype',
      () => raw({ a: { dtype: 'F8', shape: [16], data_offsets: [0, 16] } }, data16),
      /tensor 'a' has unsupported dtype "F8"; expected one of/,
    ],
    [
      'byte length ≠ shape × dtype',
      () => raw({ a: { dtype: 'F64', shape: [3], data_offsets: [0, 16] } }, data16),
      /tensor 'a' has data_offsets \[0, 16\] \(16 bytes\) but dtype F64 × shape \[3\] needs 24 bytes/,
    ],
    [
      'negative shape',
      () => raw({ a: { dtype: 'U8', shape: [-16], data_offsets: [0, 16] } }, data16),
      /tensor 'a' shape must be an array of non-negative integers; got \[-16\]/,
    ],
    [
      'reversed offsets',
      () => raw({ a: { dtype: 'U8', shape: [0], data_offsets: [16, 0] } }, data16),
      /data_offsets must be \[begin, end\] with 0 ≤ begin ≤ end; got \[16,0\]/,
    ],
    ['header not JSON', () => raw('{"a": ', data16), /header is not valid UTF-8 JSON/],
    ['header is an array', () => raw('[1, 2]', data16), /header must be a JSON object; got an array/],
    [
      'bad metadata',
      () => raw({ __metadata__: { n: 3 } }, new Uint8Array(0)),
      /__metadata__ value 'n' must be a string; got 3/,
    ],
  ];
  test.each(cases)('%s', (_label, make, re) => {
    const bytes = make();
    expect(() => readSafetensors(bytes)).toThrow(SafetensorsError);
    expect(() => readSafetensors(bytes)).toThrow(re);
  });

  test('header padded with spaces, zero-size tensors and an empty file are accepted', () => {
    const f = readSafetensors(
      raw(
        JSON.stringify({
          z: { dtype: 'F64', shape: [0], data_offsets: [0, 0] },
          a: { dtype: 'U8', shape: [2], data_offsets: [0, 2] },
        }) + '     ',
        new Uint8Array([7, 9]),
      ),
    );
    expect(Array.from(f.tensors.get('a')!.data as Uint8Array)).toEqual([7, 9]);
    expect(f.tensors.get('z')!.shape).toEqual([0]);
    expect(readSafetensors(raw({}, new Uint8Array(0))).tensors.size).toBe(0);
  });

  test('a custom header cap is honoured', () => {
    expect(() =>
      readSafetensors(raw({ __metadata__: { k: 'x'.repeat(100) } }, new Uint8Array(0)), { maxHeaderBytes: 50 }),
    ).toThrow(/larger than the limit of 50 bytes/);
  });
});
