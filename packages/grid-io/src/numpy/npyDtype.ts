import { NpyError } from './errors';

/** The NumPy dtypes we read and write (little-endian; `b1` = bool, `f2` = float16). */
export type NpyDtype = 'b1' | 'i1' | 'i2' | 'i4' | 'i8' | 'u1' | 'u2' | 'u4' | 'u8' | 'f2' | 'f4' | 'f8';

/** In memory: f2 is widened to Float32Array; b1 is a Uint8Array of 0/1; 64-bit integers are BigInt arrays. */
export type NpyData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

export const DTYPE_SIZE: Record<NpyDtype, number> = {
  b1: 1,
  i1: 1,
  i2: 2,
  i4: 4,
  i8: 8,
  u1: 1,
  u2: 2,
  u4: 4,
  u8: 8,
  f2: 2,
  f4: 4,
  f8: 8,
};

/** The `descr` string np.save writes for a dtype ('|b1', '<f4', …). */
export function descrOf(dtype: NpyDtype): string {
  return (DTYPE_SIZE[dtype] === 1 ? '|' : '<') + dtype;
}

/** Parses a header `descr`; big-endian, object, structured and other kinds are refused clearly. */
export function parseDescr(descr: string, file: string): NpyDtype {
  const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(descr);
  if (!m)
    throw new NpyError(
      `${file}: dtype '${descr}' is not supported; expected one of <f2 <f4 <f8 |i1 <i2 <i4 <i8 |u1 <u2 <u4 <u8 |b1`,
    );
  const [, order, kind, size] = m;
  if (kind === 'O')
    throw new NpyError(`${file}: object arrays (dtype '${descr}') cannot be read; they hold pickled Python objects`);
  const dtype = `${kind}${size}` as NpyDtype;
  if (!(dtype in DTYPE_SIZE)) {
    throw new NpyError(
      `${file}: dtype '${descr}' is not supported; expected one of <f2 <f4 <f8 |i1 <i2 <i4 <i8 |u1 <u2 <u4 <u8 |b1`,
    );
  }
  if (order === '>' && DTYPE_SIZE[dtype] > 1) {
    throw new NpyError(
      `${file}: big-endian dtype '${descr}' is not supported; expected little-endian '<${dtype}' (use arr.astype('<${dtype}') in numpy)`,
    );
  }
  return dtype;
}

/** Allocates the in-memory array type for a dtype. */
export function allocData(dtype: NpyDtype, length: number): NpyData {
  switch (dtype) {
    case 'b1':
    case 'u1':
      return new Uint8Array(length);
    case 'i1':
      return new Int8Array(length);
    case 'i2':
      return new Int16Array(length);
    case 'i4':
      return new Int32Array(length);
    case 'i8':
      return new BigInt64Array(length);
    case 'u2':
      return new Uint16Array(length);
    case 'u4':
      return new Uint32Array(length);
    case 'u8':
      return new BigUint64Array(length);
    case 'f2':
    case 'f4':
      return new Float32Array(length);
    case 'f8':
      return new Float64Array(length);
  }
}

/** float16 bits → number. */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** number → float16 bits, round half to even (as numpy's astype('<f2')). */
export function floatToHalf(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return sign | 0x7c00;
  if (a < 2 ** -24 * 0.5) return sign; // underflow to ±0 (exact half rounds to even = 0)
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1; // guard log2 rounding
  if (e < -14) {
    // subnormal: units of 2^-24
    const q = roundHalfEven(a / 2 ** -24);
    return sign | q; // q may reach 1024 = smallest normal, which has the same bits
  }
  let mant = roundHalfEven((a / 2 ** e - 1) * 1024);
  if (mant === 1024) {
    mant = 0;
    e += 1;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | mant;
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
