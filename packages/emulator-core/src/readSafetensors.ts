import { SafetensorsError } from './errors';
import {
  bfloat16ToFloat,
  halfToFloat,
  isSafetensorsDtype,
  LITTLE_ENDIAN_HOST,
  SAFETENSORS_DTYPES,
  type SafetensorsData,
  type SafetensorsDtype,
  type SafetensorsTensor,
} from './safetensorsDtype';

/** Default cap on the JSON header size (100 MB), as in the reference implementation. */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

export interface ReadSafetensorsOptions {
  /** Reject headers longer than this (default 100 MB). */
  maxHeaderBytes?: number;
}

export interface SafetensorsFile {
  tensors: Map<string, SafetensorsTensor>;
  /** The optional `__metadata__` string map ({} when absent). */
  metadata: Record<string, string>;
}

interface Entry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Reads a safetensors file: 8-byte little-endian header length N, N bytes of JSON header (may be
 * padded with spaces), then the data buffer. Validates dtypes, shapes, that byte lengths equal
 * shape product × dtype size, and that the data_offsets are in bounds, do not overlap and exactly
 * cover the data buffer. F16/BF16 are decoded to Float32Array, BOOL to Uint8Array, I64/U64 to
 * BigInt64Array/BigUint64Array. Data are copied (the result does not alias `bytes`).
 */
export function readSafetensors(bytes: Uint8Array, options: ReadSafetensorsOptions = {}): SafetensorsFile {
  const who = 'readSafetensors';
  const maxHeader = options.maxHeaderBytes ?? SAFETENSORS_MAX_HEADER_BYTES;
  if (!(bytes instanceof Uint8Array)) throw new SafetensorsError(`${who}: expected a Uint8Array; got ${typeof bytes}`);
  if (bytes.length < 8) {
    throw new SafetensorsError(
      `${who}: file is truncated: ${bytes.length} bytes, expected at least 8 (the header length)`,
    );
  }
  const n64 = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(maxHeader)) {
    throw new SafetensorsError(`${who}: header length ${n64} is larger than the limit of ${maxHeader} bytes`);
  }
  const n = Number(n64);
  if (n < 2) throw new SafetensorsError(`${who}: header length ${n} is too small for a JSON object (expected ≥ 2)`);
  if (8 + n > bytes.length) {
    throw new SafetensorsError(
      `${who}: file is truncated: header length ${n} needs ${8 + n} bytes, but the file has ${bytes.length}`,
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    throw new SafetensorsError(`${who}: header is not valid UTF-8 JSON: ${(e as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new SafetensorsError(
      `${who}: header must be a JSON object; got ${Array.isArray(header) ? 'an array' : typeof header}`,
    );
  }

  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new SafetensorsError(`${who}: __metadata__ must be an object of strings; got ${JSON.stringify(raw)}`);
      }
      for (const [k, v] of Object.entries(raw)) {
        if (typeof v !== 'string')
          throw new SafetensorsError(`${who}: __metadata__ value '${k}' must be a string; got ${JSON.stringify(v)}`);
        metadata[k] = v;
      }
      continue;
    }
    entries.push(parseEntry(who, name, raw));
  }

  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const e of sorted) {
    if (e.end > dataLength) {
      throw new SafetensorsError(
        `${who}: tensor '${e.name}' has data_offsets [${e.begin}, ${e.end}] beyond the data buffer of ${dataLength} bytes (file truncated?)`,
      );
    }
    if (e.begin < cursor) {
      throw new SafetensorsError(
        `${who}: tensor '${e.name}' data_offsets [${e.begin}, ${e.end}] overlap the previous tensor, which ends at ${cursor}`,
      );
    }
    if (e.begin > cursor) {
      throw new SafetensorsError(
        `${who}: data_offsets do not cover the data buffer: gap of bytes [${cursor}, ${e.begin}) before tensor '${e.name}'`,
      );
    }
    cursor = e.end;
  }
  if (cursor !== dataLength) {
    throw new SafetensorsError(
      `${who}: data_offsets do not cover the data buffer: tensors end at byte ${cursor}, but the data buffer has ${dataLength} bytes`,
    );
  }

  const tensors = new Map<string, SafetensorsTensor>();
  for (const e of entries) {
    tensors.set(e.name, {
      dtype: e.dtype,
      shape: e.shape,
      data: decode(bytes, dataStart + e.begin, dataStart + e.end, e.dtype),
    });
  }
  return { tensors, metadata };
}

function parseEntry(who: string, name: string, raw: unknown): Entry {
  if (typeof raw !== 'object' || raw === null) {
    throw new SafetensorsError(`${who}: tensor '${name}' must be described by an object; got ${JSON.stringify(raw)}`);
  }
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (!isSafetensorsDtype(dtype)) {
    throw new SafetensorsError(
      `${who}: tensor '${name}' has unsupported dtype ${JSON.stringify(dtype)}; expected one of ${Object.keys(SAFETENSORS_DTYPES).join(', ')}`,
    );
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new SafetensorsError(
      `${who}: tensor '${name}' shape must be an array of non-negative integers; got ${JSON.stringify(shape)}`,
    );
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
    offsets[0] > offsets[1]
  ) {
    throw new SafetensorsError(
      `${who}: tensor '${name}' data_offsets must be [begin, end] with 0 ≤ begin ≤ end; got ${JSON.stringify(offsets)}`,
    );
  }
  const count = shape.reduce((a: number, b: number) => a * b, 1);
  const need = count * SAFETENSORS_DTYPES[dtype].bytes;
  const [begin, end] = offsets as [number, number];
  if (end - begin !== need) {
    throw new SafetensorsError(
      `${who}: tensor '${name}' has data_offsets [${begin}, ${end}] (${end - begin} bytes) but dtype ${dtype} × shape [${shape.join(', ')}] needs ${need} bytes`,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

function decode(bytes: Uint8Array, start: number, end: number, dtype: SafetensorsDtype): SafetensorsData {
  const info = SAFETENSORS_DTYPES[dtype];
  const count = (end - start) / info.bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, end - start);
  if (dtype === 'F16' || dtype === 'BF16') {
    const out = new Float32Array(count);
    const f = dtype === 'F16' ? halfToFloat : bfloat16ToFloat;
    for (let i = 0; i < count; i++) out[i] = f(view.getUint16(2 * i, true));
    return out;
  }
  if (!LITTLE_ENDIAN_HOST) throw new SafetensorsError('readSafetensors: big-endian hosts are not supported');
  const copy = bytes.slice(start, end); // fresh, aligned buffer
  return new info.array(copy.buffer, 0, count);
}
