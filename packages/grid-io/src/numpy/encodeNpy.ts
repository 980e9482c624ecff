import { NpyError } from './errors';
import { reorder, type NpyArray } from './npyArray';
import { DTYPE_SIZE, allocData, descrOf, floatToHalf, type NpyDtype } from './npyDtype';

export interface NpyInput {
  data: NpyArray['data'];
  shape?: number[];
  /** Default: inferred from the array type (Float32Array → f4, Uint8Array → u1, …). */
  dtype?: NpyDtype;
  fortranOrder?: boolean;
}

function inferDtype(data: NpyArray['data']): NpyDtype {
  if (data instanceof Float32Array) return 'f4';
  if (data instanceof Float64Array) return 'f8';
  if (data instanceof Int8Array) return 'i1';
  if (data instanceof Int16Array) return 'i2';
  if (data instanceof Int32Array) return 'i4';
  if (data instanceof BigInt64Array) return 'i8';
  if (data instanceof Uint8Array) return 'u1';
  if (data instanceof Uint16Array) return 'u2';
  if (data instanceof Uint32Array) return 'u4';
  if (data instanceof BigUint64Array) return 'u8';
  throw new NpyError(`encodeNpy: argument 'data' must be a typed array; got ${Object.prototype.toString.call(data)}`);
}

/**
 * Encodes an array as the exact bytes `np.save` writes: format 1.0 (2.0 when the header needs it),
 * header `{'descr': …, 'fortran_order': …, 'shape': (…), }` padded with spaces to a 64-byte boundary.
 */
export function encodeNpy(array: NpyInput): Uint8Array {
  const dtype = array.dtype ?? inferDtype(array.data);
  if (!(dtype in DTYPE_SIZE)) throw new NpyError(`encodeNpy: dtype '${dtype}' is not supported`);
  const shape = array.shape ?? [array.data.length];
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) {
    throw new NpyError(
      `encodeNpy: 'shape' (${shape.join(', ')}) holds ${count} elements; 'data' has ${array.data.length}`,
    );
  }
  const want = allocData(dtype, 0).constructor;
  const isBigInt = dtype === 'i8' || dtype === 'u8';
  if (!(array.data instanceof want) && !(dtype === 'b1' && array.data instanceof Uint8Array)) {
    if (isBigInt || array.data instanceof BigInt64Array || array.data instanceof BigUint64Array) {
      throw new NpyError(`encodeNpy: dtype '${dtype}' expects a ${want.name}; got ${array.data.constructor.name}`);
    }
  }
  const fortran = array.fortranOrder === true;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descrOf(dtype)}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  let pre = 10;
  if (header.length + 1 + pre > 65535 + 10) pre = 12;
  const total = Math.ceil((pre + header.length + 1) / 64) * 64;
  header = header + ' '.repeat(total - pre - header.length - 1) + '\n';
  const size = DTYPE_SIZE[dtype];
  const out = new Uint8Array(total + count * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, pre === 10 ? 1 : 2, 0]);
  const view = new DataView(out.buffer);
  if (pre === 10) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[pre + i] = header.charCodeAt(i);
  // convert to the target element type (C order), then lay out in file order
  let data = allocData(dtype, count);
  if (dtype === 'f2') {
    const h = new Uint16Array(out.buffer, total, count);
    const src = fortran ? reorder(Float64Array.from(array.data as ArrayLike<number>), shape, true) : array.data;
    for (let i = 0; i < count; i++) h[i] = floatToHalf(Number(src[i]));
    return out;
  }
  if (dtype === 'b1') {
    for (let i = 0; i < count; i++) (data as Uint8Array)[i] = array.data[i] ? 1 : 0;
  } else {
    (data as { set(a: ArrayLike<number | bigint>): void }).set(array.data as ArrayLike<number | bigint>);
  }
  if (fortran) data = reorder(data, shape, true);
  out.set(new Uint8Array(data.buffer, data.byteOffset, count * size), total);
  return out;
}
