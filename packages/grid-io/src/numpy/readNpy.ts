import { NpyError } from './errors';
import { reorder, type NpyArray } from './npyArray';
import { DTYPE_SIZE, allocData, halfToFloat, parseDescr } from './npyDtype';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function asBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

/** Parses the bytes of a .npy file (format 1.0, 2.0, 3.0). `file` names it in errors. */
export function parseNpy(input: Uint8Array | ArrayBuffer, file = '<buffer>'): NpyArray {
  const bytes = asBytes(input);
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new NpyError(`${file}: not a .npy file; expected magic '\\x93NUMPY'`);
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    throw new NpyError(`${file}: .npy format version ${major}.${bytes[7]} is not supported; expected 1.0, 2.0 or 3.0`);
  }
  const raw = bytes.subarray(start, start + headerLen);
  const header = major === 3 ? new TextDecoder('utf-8').decode(raw) : String.fromCharCode(...raw);
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shapeM = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr) {
    if (/'descr'\s*:\s*\[/.test(header))
      throw new NpyError(`${file}: structured dtypes are not supported; header ${header.trim()}`);
    throw new NpyError(`${file}: header field 'descr' is missing or malformed; got ${header.trim()}`);
  }
  if (!fortran)
    throw new NpyError(`${file}: header field 'fortran_order' is missing or malformed; got ${header.trim()}`);
  if (!shapeM) throw new NpyError(`${file}: header field 'shape' is missing or malformed; got ${header.trim()}`);
  const dtype = parseDescr(descr[1]!, file);
  const shape = shapeM[1]!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number(s.replace(/L$/, '')));
  if (shape.some((d) => !Number.isInteger(d) || d < 0))
    throw new NpyError(`${file}: header field 'shape' is malformed; got (${shapeM[1]})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const size = DTYPE_SIZE[dtype];
  const dataStart = start + headerLen;
  const need = count * size;
  if (bytes.length - dataStart < need) {
    throw new NpyError(
      `${file}: data is truncated; expected ${need} bytes for shape (${shape.join(', ')}) of ${descr[1]}; got ${bytes.length - dataStart}`,
    );
  }
  const body = new Uint8Array(need); // a copy, aligned for the typed array (Buffer.slice would not copy)
  body.set(bytes.subarray(dataStart, dataStart + need));
  let data = allocData(dtype, count);
  if (dtype === 'f2') {
    const h = new Uint16Array(body.buffer, 0, count);
    for (let i = 0; i < count; i++) (data as Float32Array)[i] = halfToFloat(h[i]!);
  } else {
    data = new (data.constructor as { new (b: ArrayBuffer, o: number, n: number): typeof data })(body.buffer, 0, count);
  }
  if (dtype === 'b1') {
    const u = data as Uint8Array;
    for (let i = 0; i < count; i++) if (u[i]! > 1) u[i] = 1;
  }
  const fortranOrder = fortran[1] === 'True';
  if (fortranOrder) data = reorder(data, shape, false);
  return { dtype, shape, data, fortranOrder };
}

/** Reads a .npy file (Node: path; anywhere: bytes). */
export async function readNpy(input: string | Uint8Array | ArrayBuffer): Promise<NpyArray> {
  if (typeof input !== 'string') return parseNpy(input);
  const fs = await import('node:fs/promises');
  return parseNpy(await fs.readFile(input), input);
}
