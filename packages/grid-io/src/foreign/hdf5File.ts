import { GridError } from '../grid/errors';

type H5wasm = typeof import('h5wasm/node');
type H5Entity = ReturnType<InstanceType<H5wasm['File']>['get']>;
type H5Dataset = InstanceType<H5wasm['Dataset']>;

/** A numeric HDF5 dataset read whole: its shape and values as JavaScript numbers (float32 data stays float32). */
export interface Hdf5Array {
  shape: number[];
  data: Float32Array | Float64Array;
}

/** An open HDF5 file: datasets and attributes by path, with errors naming the file and the dataset. */
export interface Hdf5File {
  /** The dataset at `path` (e.g. '/grid/labels'), or undefined when nothing is there. */
  find(path: string): H5Dataset | undefined;
  /** Keys of the deepest group on the way to `path` (for "found: …" in errors). */
  nearestKeys(path: string): { group: string; keys: string[] };
  /** The numbers of a dataset: integer or float32/float64 types, any byte order; anything else is a GridError. */
  numbers(dataset: H5Dataset, path: string): Hdf5Array;
  /**
   * A 2-D numeric dataset as float32, read a block of rows at a time (about `bytesPerRead` bytes): h5wasm reads
   * through the wasm heap, which is capped at 4 GB and never shrinks, so a whole large grid is never staged there.
   */
  float32Rows(dataset: H5Dataset, path: string, bytesPerRead: number): Float32Array;
  /** A list of strings from a string dataset or the attribute `name` of `path` (undefined when absent). */
  strings(path: string, attribute?: string): string[] | undefined;
}

/** HDF5 datatype classes (H5T_class_t), for errors. */
const TYPE_CLASS = [
  'integers',
  'floats',
  'times',
  'strings',
  'bitfields',
  'opaque bytes',
  'compound records',
  'references',
  'enums',
  'variable-length sequences',
  'arrays',
];

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

let loading: Promise<H5wasm> | undefined;

/** h5wasm's Node build (host filesystem through Emscripten's NODERAWFS: no copy into a virtual filesystem). */
function h5wasm(): Promise<H5wasm> {
  loading ??= import('h5wasm/node').then(async (m) => {
    await m.ready;
    return m;
  });
  return loading;
}

/** HDF5's superblock signature sits at byte 0, 512, 1024, 2048, … (after an optional user block). */
async function hasHdf5Signature(path: string): Promise<boolean> {
  const { open } = await import('node:fs/promises');
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = new Uint8Array(8);
    for (let at = 0; at + 8 <= size; at = at === 0 ? 512 : at * 2) {
      await fh.read(head, 0, 8, at);
      if (SIGNATURE.every((b, i) => head[i] === b)) return true;
    }
    return false;
  } finally {
    await fh.close();
  }
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '' && s !== '.');
}

/**
 * Opens `path` read-only, hands it to `read`, and closes it whatever happens. Missing files and files that are not
 * HDF5 are GridErrors checked before h5wasm sees them (HDF5's own messages are C stack traces on stderr).
 */
export async function withHdf5File<T>(path: string, read: (file: Hdf5File) => T): Promise<T> {
  const { resolve } = await import('node:path');
  const { stat } = await import('node:fs/promises');
  const abs = resolve(path);
  try {
    if (!(await stat(abs)).isFile()) throw new GridError(`${path}: not a file; expected an HDF5 grid (.h5, .hdf5)`);
  } catch (e) {
    if (e instanceof GridError) throw e;
    throw new GridError(`${path}: no such file; expected an HDF5 grid (.h5, .hdf5)`);
  }
  if (!(await hasHdf5Signature(abs)))
    throw new GridError(`${path}: not an HDF5 file (no HDF5 signature at byte 0, 512, 1024, …)`);
  const h5 = await h5wasm();
  // h5wasm does not throw when H5Fopen fails: it returns file_id −1 (and HDF5 prints its error stack on stderr)
  const file = new h5.File(abs, 'r');
  if (file.file_id < 0n) throw new GridError(`${path}: HDF5 could not open the file; is it truncated or corrupt?`);
  const entity = (p: string): H5Entity => {
    let at: H5Entity = file;
    for (const seg of segments(p)) {
      if (!(at instanceof h5.Group) || !at.keys().includes(seg)) return null;
      at = at.get(seg);
    }
    return at;
  };
  const checkNumeric = (ds: H5Dataset, p: string) => {
    const { type, size } = ds.metadata;
    if (type !== 0 && !(type === 1 && (size === 4 || size === 8)))
      throw new GridError(
        `${path}: dataset '${p}' holds ${type === 1 ? `${8 * size}-bit floats` : (TYPE_CLASS[type] ?? 'values')} (HDF5 type '${ds.dtype}'); expected numbers (float32, float64 or integers)`,
      );
  };
  const asNumbers = (v: unknown, ds: H5Dataset, p: string): Float32Array | Float64Array => {
    if (v instanceof Float32Array || v instanceof Float64Array) return v;
    if (v instanceof BigInt64Array || v instanceof BigUint64Array) return Float64Array.from(v, Number);
    if (ArrayBuffer.isView(v)) return Float64Array.from(v as unknown as ArrayLike<number>);
    throw new GridError(`${path}: dataset '${p}' (type '${ds.dtype}') did not read as numbers`);
  };
  const api: Hdf5File = {
    find(p) {
      const e = entity(p);
      return e instanceof h5.Dataset ? e : undefined;
    },
    nearestKeys(p) {
      const segs = segments(p);
      let at: H5Entity = file;
      let depth = 0;
      while (depth < segs.length - 1 && at instanceof h5.Group && at.keys().includes(segs[depth]!)) {
        const next: H5Entity = at.get(segs[depth]!);
        if (!(next instanceof h5.Group)) break;
        at = next;
        depth++;
      }
      return { group: `/${segs.slice(0, depth).join('/')}`, keys: at instanceof h5.Group ? at.keys() : [] };
    },
    numbers(ds, p) {
      checkNumeric(ds, p);
      return { shape: ds.shape ?? [], data: asNumbers(ds.value, ds, p) };
    },
    float32Rows(ds, p, bytesPerRead) {
      checkNumeric(ds, p);
      const [N, M] = ds.shape as [number, number];
      const step = Math.max(1, Math.floor(bytesPerRead / Math.max(1, M * ds.metadata.size)));
      const out = new Float32Array(N * M);
      for (let r = 0; r < N; r += step) out.set(asNumbers(ds.slice([[r, Math.min(N, r + step)], []]), ds, p), r * M);
      return out;
    },
    strings(p, attribute) {
      const e = entity(p);
      if (!e) return undefined;
      let v: unknown;
      if (attribute === undefined) {
        if (!(e instanceof h5.Dataset)) return undefined;
        v = e.value;
      } else {
        if (!('attrs' in e) || !(attribute in e.attrs)) return undefined;
        v = e.attrs[attribute]!.value;
      }
      const where = attribute === undefined ? `dataset '${p}'` : `attribute '${attribute}' of '${p}'`;
      if (typeof v === 'string') return v.split(',').map((s) => s.trim());
      if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
      throw new GridError(`${path}: ${where} must hold strings (label names); got ${JSON.stringify(v)?.slice(0, 80)}`);
    },
  };
  try {
    return read(api);
  } catch (e) {
    if (e instanceof GridError) throw e;
    throw new GridError(`${path}: HDF5 read failed (${(e as Error).message})`);
  } finally {
    file.close();
  }
}
