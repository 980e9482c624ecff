import { SafetensorsError } from './errors';
import {
  floatToBfloat16,
  floatToHalf,
  isSafetensorsDtype,
  LITTLE_ENDIAN_HOST,
  SAFETENSORS_DTYPES,
  type SafetensorsTensor,
} from './safetensorsDtype';

/**
 * Writes tensors (in the given order) and an optional `__metadata__` string map as a safetensors
 * file. The header is padded with spaces so the data buffer starts at a multiple of 8 bytes.
 * F16/BF16 data are given as Float32Array (or Float64Array) and rounded to nearest even; BOOL as
 * Uint8Array of 0/1. The data typed array must match the dtype (e.g. Float32Array for F32).
 */
export function writeSafetensors(
  tensors: Map<string, SafetensorsTensor> | Record<string, SafetensorsTensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const who = 'writeSafetensors';
  if (!LITTLE_ENDIAN_HOST) throw new SafetensorsError(`${who}: big-endian hosts are not supported`);
  const list = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string')
        throw new SafetensorsError(`${who}: metadata value '${k}' must be a string; got ${typeof v}`);
    }
    header.__metadata__ = metadata;
  }
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of list) {
    if (name === '__metadata__')
      throw new SafetensorsError(`${who}: '__metadata__' is reserved and cannot name a tensor`);
    chunks.push(encodeTensor(who, name, t));
    const size = chunks[chunks.length - 1].length;
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil((8 + json.length) / 8) * 8 - 8;
  const head = new Uint8Array(padded).fill(0x20);
  head.set(json);
  json = head;
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let p = 8 + json.length;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

function encodeTensor(who: string, name: string, t: SafetensorsTensor): Uint8Array {
  if (!isSafetensorsDtype(t?.dtype)) {
    throw new SafetensorsError(
      `${who}: tensor '${name}' has unsupported dtype ${JSON.stringify(t?.dtype)}; expected one of ${Object.keys(SAFETENSORS_DTYPES).join(', ')}`,
    );
  }
  if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new SafetensorsError(
      `${who}: tensor '${name}' shape must be an array of non-negative integers; got ${JSON.stringify(t.shape)}`,
    );
  }
  const count = t.shape.reduce((a, b) => a * b, 1);
  const info = SAFETENSORS_DTYPES[t.dtype];
  if (t.data?.length !== count) {
    throw new SafetensorsError(
      `${who}: tensor '${name}' has shape [${t.shape.join(', ')}] (${count} values) but its data has ${t.data?.length} values`,
    );
  }
  if (t.dtype === 'F16' || t.dtype === 'BF16') {
    if (!(t.data instanceof Float32Array || t.data instanceof Float64Array)) {
      throw new SafetensorsError(
        `${who}: tensor '${name}' of dtype ${t.dtype} needs Float32Array data; got ${t.data.constructor.name}`,
      );
    }
    const out = new Uint8Array(count * 2);
    const view = new DataView(out.buffer);
    const f = t.dtype === 'F16' ? floatToHalf : floatToBfloat16;
    for (let i = 0; i < count; i++) view.setUint16(2 * i, f(t.data[i]), true);
    return out;
  }
  if (!(t.data instanceof info.array)) {
    throw new SafetensorsError(
      `${who}: tensor '${name}' of dtype ${t.dtype} needs ${info.array.name} data; got ${t.data.constructor.name}`,
    );
  }
  if (t.dtype === 'BOOL' && !(t.data as Uint8Array).every((v) => v === 0 || v === 1)) {
    throw new SafetensorsError(`${who}: tensor '${name}' of dtype BOOL must hold only 0 and 1`);
  }
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength).slice();
}
