var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res) => function __init() {
  return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// ../../packages/grid-io/src/fits/index.ts
var init_fits = __esm({
  "../../packages/grid-io/src/fits/index.ts"() {
    "use strict";
  }
});

// ../../packages/grid-io/src/grid/errors.ts
var GridError;
var init_errors = __esm({
  "../../packages/grid-io/src/grid/errors.ts"() {
    "use strict";
    GridError = class extends Error {
      name = "GridError";
      constructor(message) {
        super(message);
      }
    };
  }
});

// ../../packages/grid-io/src/grid/gridMetadata.ts
function decodeGridMetadata(json, file) {
  if (json === void 0) {
    throw new GridError(`${file}: not an astroemu grid; schema metadata '${GRID_METADATA_KEY}' is missing`);
  }
  let raw;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new GridError(`${file}: schema metadata '${GRID_METADATA_KEY}' is not valid JSON (${e.message})`);
  }
  if (raw.formatVersion !== GRID_FORMAT_VERSION) {
    throw new GridError(
      `${file}: '${GRID_METADATA_KEY}.formatVersion' expected ${GRID_FORMAT_VERSION}; got ${JSON.stringify(raw.formatVersion)}`
    );
  }
  const { labelNames, wavelength, meta, hasIvar, rowGroupSize } = raw;
  if (!Array.isArray(labelNames) || !labelNames.every((s) => typeof s === "string")) {
    throw new GridError(`${file}: '${GRID_METADATA_KEY}.labelNames' must be an array of strings`);
  }
  if (!Array.isArray(wavelength) || !wavelength.every((x) => typeof x === "number")) {
    throw new GridError(`${file}: '${GRID_METADATA_KEY}.wavelength' must be an array of numbers`);
  }
  return {
    labelNames,
    wavelength: Float64Array.from(wavelength),
    meta: meta && typeof meta === "object" ? meta : {},
    hasIvar: hasIvar === true,
    ...Number.isInteger(rowGroupSize) && rowGroupSize > 0 ? { rowGroupSize } : {}
  };
}
var GRID_METADATA_KEY, GRID_FORMAT_VERSION;
var init_gridMetadata = __esm({
  "../../packages/grid-io/src/grid/gridMetadata.ts"() {
    "use strict";
    init_errors();
    GRID_METADATA_KEY = "astroemu.grid";
    GRID_FORMAT_VERSION = 1;
  }
});

// ../../packages/grid-io/src/grid/arrowGrid.ts
import {
  AsyncByteQueue,
  Field,
  FixedSizeList,
  Float32,
  RecordBatch,
  RecordBatchFileWriter,
  RecordBatchReader,
  Schema,
  Struct,
  makeData
} from "apache-arrow";
function float32Column(data, file, name) {
  if (data.nullCount > 0) throw new GridError(`${file}: column '${name}' has ${data.nullCount} nulls; expected none`);
  const values = data.values;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Number(values[data.offset + i]);
  return out;
}
function listColumn(data, M, file, name) {
  const child = data.children[0];
  if (!child || !(child.values instanceof Float32Array) || data.type.listSize !== M) {
    throw new GridError(`${file}: column '${name}' must be FixedSizeList<Float32>[${M}]; got ${String(data.type)}`);
  }
  if (data.nullCount > 0 || child.nullCount > 0) throw new GridError(`${file}: column '${name}' has nulls; expected none`);
  const start = child.offset + data.offset * M;
  return child.values.subarray(start, start + data.length * M);
}
async function openArrowSource(input, file) {
  const reader = await RecordBatchReader.from(input);
  await reader.open();
  const header = decodeGridMetadata(reader.schema.metadata.get(GRID_METADATA_KEY), file);
  const L = header.labelNames.length;
  const M = header.wavelength.length;
  const names = reader.schema.fields.map((f) => f.name);
  for (const need of [...header.labelNames, "flux", ...header.hasIvar ? ["ivar"] : []]) {
    if (!names.includes(need)) throw new GridError(`${file}: column '${need}' is missing; columns are [${names.join(", ")}]`);
  }
  const decode2 = (rb) => {
    const n = rb.numRows;
    const labels = new Float32Array(n * L);
    header.labelNames.forEach((name, j) => {
      const col = float32Column(rb.getChild(name).data[0], file, name);
      for (let i = 0; i < n; i++) labels[i * L + j] = col[i];
    });
    const flux = listColumn(rb.getChild("flux").data[0], M, file, "flux");
    const ivar = header.hasIvar ? listColumn(rb.getChild("ivar").data[0], M, file, "ivar") : void 0;
    return ivar ? { labels, flux, ivar } : { labels, flux };
  };
  if (!reader.isFile() || !reader.readRecordBatch) {
    throw new GridError(`${file}: Arrow IPC stream format has no random access; write the grid as an Arrow IPC file`);
  }
  const count = reader.numRecordBatches ?? 0;
  const chunkStarts = [0];
  const G = header.rowGroupSize;
  if (G !== void 0 && count > 0) {
    const last = await reader.readRecordBatch(count - 1);
    for (let i = 0; i < count - 1; i++) chunkStarts.push((i + 1) * G);
    chunkStarts.push((count - 1) * G + (last ? last.numRows : 0));
  } else {
    for (let i = 0; i < count; i++) {
      const rb = await reader.readRecordBatch(i);
      chunkStarts.push(chunkStarts[i] + (rb ? rb.numRows : 0));
    }
  }
  return {
    header,
    source: {
      chunkStarts,
      async readChunk(i) {
        const rb = await reader.readRecordBatch(i);
        if (!rb) throw new GridError(`${file}: record batch ${i} could not be read`);
        const expected = chunkStarts[i + 1] - chunkStarts[i];
        if (rb.numRows !== expected) {
          throw new GridError(`${file}: record batch ${i} expected ${expected} rows (rowGroupSize ${G}); got ${rb.numRows}`);
        }
        return decode2(rb);
      },
      async close() {
        await reader.cancel?.();
      }
    }
  };
}
var init_arrowGrid = __esm({
  "../../packages/grid-io/src/grid/arrowGrid.ts"() {
    "use strict";
    init_errors();
    init_gridMetadata();
  }
});

// ../../packages/grid-io/src/grid/gridFormat.ts
function sniffGridFormat(head, file) {
  const s = String.fromCharCode(...head.subarray(0, 6));
  if (s.startsWith("PAR1")) return "parquet";
  if (s === "ARROW1") return "arrow";
  if (head[0] === 255 && head[1] === 255 && head[2] === 255 && head[3] === 255) return "arrow";
  throw new GridError(`${file}: not a Parquet or Arrow IPC file; expected magic 'PAR1' or 'ARROW1'; got ${JSON.stringify(s)}`);
}
var init_gridFormat = __esm({
  "../../packages/grid-io/src/grid/gridFormat.ts"() {
    "use strict";
    init_errors();
  }
});

// ../../packages/grid-io/src/grid/nodeFs.ts
async function loadFsPromises() {
  return import("node:fs/promises");
}
var init_nodeFs = __esm({
  "../../packages/grid-io/src/grid/nodeFs.ts"() {
    "use strict";
  }
});

// ../../packages/grid-io/src/grid/parquetGrid.ts
import { parquetMetadataAsync, parquetRead } from "hyparquet";
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
function toFloat32Rows(rows, col, M, file, name) {
  const out = new Float32Array(rows.length * M);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i][col];
    if (!v || v.length !== M) {
      throw new GridError(`${file}: column '${name}' row ${i} must hold ${M} values; got ${v ? v.length : "null"}`);
    }
    out.set(v, i * M);
  }
  return out;
}
async function openParquetSource(file, name) {
  const metadata = await parquetMetadataAsync(file);
  const kv = metadata.key_value_metadata?.find((e) => e.key === GRID_METADATA_KEY)?.value;
  const header = decodeGridMetadata(kv, name);
  const L = header.labelNames.length;
  const M = header.wavelength.length;
  const top = new Set(metadata.schema.slice(1).map((s) => s.name));
  const columns = [...header.labelNames, "flux", ...header.hasIvar ? ["ivar"] : []];
  for (const c of columns) {
    if (!top.has(c)) throw new GridError(`${name}: column '${c}' is missing from the Parquet schema`);
  }
  const chunkStarts = [0];
  for (const rg of metadata.row_groups) chunkStarts.push(chunkStarts[chunkStarts.length - 1] + Number(rg.num_rows));
  return {
    header,
    source: {
      chunkStarts,
      async readChunk(i) {
        let rows = [];
        await parquetRead({
          file,
          metadata,
          columns,
          rowStart: chunkStarts[i],
          rowEnd: chunkStarts[i + 1],
          onComplete: (r) => {
            rows = r;
          }
        });
        const n = rows.length;
        const labels = new Float32Array(n * L);
        for (let r = 0; r < n; r++) {
          for (let j = 0; j < L; j++) labels[r * L + j] = Number(rows[r][j]);
        }
        const flux = toFloat32Rows(rows, L, M, name, "flux");
        const out = { labels, flux };
        if (header.hasIvar) out.ivar = toFloat32Rows(rows, L + 1, M, name, "ivar");
        return out;
      },
      async close() {
      }
    }
  };
}
var init_parquetGrid = __esm({
  "../../packages/grid-io/src/grid/parquetGrid.ts"() {
    "use strict";
    init_errors();
    init_gridMetadata();
  }
});

// ../../packages/grid-io/src/grid/gridHandle.ts
function createGridHandle(format, header, source, file, onClose) {
  const L = header.labelNames.length;
  const M = header.wavelength.length;
  const starts = source.chunkStarts;
  const numRows = starts[starts.length - 1];
  let closed = false;
  let cache2;
  const chunk = async (i) => {
    if (closed) throw new GridError(`${file}: the grid handle is closed`);
    if (cache2?.index !== i) cache2 = { index: i, cols: await source.readChunk(i) };
    return cache2.cols;
  };
  const make = (n) => ({
    labelNames: header.labelNames,
    labels: new Float32Array(n * L),
    wavelength: header.wavelength,
    flux: new Float32Array(n * M),
    ...header.hasIvar ? { ivar: new Float32Array(n * M) } : {},
    meta: header.meta
  });
  const copyRows = (dst, at, src, from, count) => {
    dst.labels.set(src.labels.subarray(from * L, (from + count) * L), at * L);
    dst.flux.set(src.flux.subarray(from * M, (from + count) * M), at * M);
    if (dst.ivar) dst.ivar.set(src.ivar.subarray(from * M, (from + count) * M), at * M);
  };
  const chunkOf = (row) => {
    let lo = 0;
    let hi = starts.length - 2;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (starts[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return {
    format,
    numRows,
    labelNames: header.labelNames,
    wavelength: header.wavelength,
    meta: header.meta,
    hasIvar: header.hasIvar,
    chunkSizes: starts.slice(1).map((s, i) => s - starts[i]),
    batches(batchSize) {
      if (batchSize !== void 0 && (!Number.isInteger(batchSize) || batchSize < 1)) {
        throw new GridError(`${file}: argument 'batchSize' of batches() must be a positive integer; got ${batchSize}`);
      }
      return {
        async *[Symbol.asyncIterator]() {
          let out;
          let fill2 = 0;
          for (let c = 0; c < starts.length - 1; c++) {
            const cols = await source.readChunk(c);
            const n = starts[c + 1] - starts[c];
            if (batchSize === void 0) {
              const b = make(n);
              copyRows(b, 0, cols, 0, n);
              yield b;
              continue;
            }
            let at = 0;
            while (at < n) {
              out ??= make(Math.min(batchSize, numRows - (starts[c] + at) + fill2));
              const take = Math.min(batchSize - fill2, n - at);
              copyRows(out, fill2, cols, at, take);
              fill2 += take;
              at += take;
              if (fill2 === out.labels.length / L) {
                yield out;
                out = void 0;
                fill2 = 0;
              }
            }
          }
        }
      };
    },
    async rows(indices) {
      const k = indices.length;
      const order = new Array(k);
      for (let i = 0; i < k; i++) {
        const r = indices[i];
        if (!Number.isInteger(r) || r < 0 || r >= numRows) {
          throw new GridError(`${file}: argument 'indices' of rows() must hold row numbers in [0, ${numRows}); indices[${i}] = ${r}`);
        }
        order[i] = i;
      }
      order.sort((a, b) => indices[a] - indices[b]);
      const out = make(k);
      for (const i of order) {
        const r = indices[i];
        const c = chunkOf(r);
        copyRows(out, i, await chunk(c), r - starts[c], 1);
      }
      return out;
    },
    async close() {
      if (closed) return;
      closed = true;
      cache2 = void 0;
      await source.close();
      await onClose();
    }
  };
}
var init_gridHandle = __esm({
  "../../packages/grid-io/src/grid/gridHandle.ts"() {
    "use strict";
    init_errors();
  }
});

// ../../packages/grid-io/src/grid/openGrid.ts
function toBytes(input) {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}
async function openGrid(input) {
  if (typeof input !== "string") {
    const bytes = toBytes(input);
    const file = "<buffer>";
    const format = sniffGridFormat(bytes, file);
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const { header, source } = format === "parquet" ? await openParquetSource(ab, file) : await openArrowSource(bytes, file);
    return createGridHandle(format, header, source, file, async () => {
    });
  }
  const fsp = await loadFsPromises();
  const fh = await fsp.open(input, "r");
  try {
    const head = new Uint8Array(8);
    await fh.read(head, 0, 8, 0);
    const format = sniffGridFormat(head, input);
    if (format === "arrow") {
      const { header: header2, source: source2 } = await openArrowSource(fh, input);
      return createGridHandle(format, header2, source2, input, async () => fh.close().catch(() => {
      }));
    }
    const { size } = await fh.stat();
    const file = {
      byteLength: size,
      async slice(start, end = size) {
        const buf = new Uint8Array(end - start);
        let off = 0;
        while (off < buf.byteLength) {
          const { bytesRead } = await fh.read(buf, off, buf.byteLength - off, start + off);
          if (bytesRead === 0) break;
          off += bytesRead;
        }
        return buf.buffer;
      }
    };
    const { header, source } = await openParquetSource(file, input);
    return createGridHandle(format, header, source, input, async () => fh.close());
  } catch (e) {
    await fh.close().catch(() => {
    });
    throw e;
  }
}
var init_openGrid = __esm({
  "../../packages/grid-io/src/grid/openGrid.ts"() {
    "use strict";
    init_arrowGrid();
    init_gridHandle();
    init_gridFormat();
    init_nodeFs();
    init_parquetGrid();
  }
});

// ../../packages/grid-io/src/grid/splitIndices.ts
function mulberry322(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
function splitIndices(n, options) {
  if (!Number.isInteger(n) || n < 0) throw new GridError(`splitIndices: argument 'n' must be a non-negative integer; got ${n}`);
  const { validationFraction, validationSize, seed } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > 4294967295) {
    throw new GridError(`splitIndices: option 'seed' must be an integer in [0, 2^32); got ${seed}`);
  }
  if (validationFraction === void 0 === (validationSize === void 0)) {
    throw new GridError(`splitIndices: give exactly one of 'validationFraction' and 'validationSize'`);
  }
  let k;
  if (validationFraction !== void 0) {
    if (!(validationFraction >= 0 && validationFraction <= 1)) {
      throw new GridError(`splitIndices: option 'validationFraction' must be in [0, 1]; got ${validationFraction}`);
    }
    k = Math.round(n * validationFraction);
  } else {
    k = validationSize;
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new GridError(`splitIndices: option 'validationSize' must be an integer in [0, ${n}]; got ${k}`);
    }
  }
  const perm = new Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const rand = mulberry322(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const byValue = (a, b) => a - b;
  return { validation: perm.slice(0, k).sort(byValue), train: perm.slice(k).sort(byValue) };
}
var init_splitIndices = __esm({
  "../../packages/grid-io/src/grid/splitIndices.ts"() {
    "use strict";
    init_errors();
  }
});

// ../../packages/grid-io/src/grid/index.ts
var init_grid = __esm({
  "../../packages/grid-io/src/grid/index.ts"() {
    "use strict";
    init_openGrid();
    init_splitIndices();
  }
});

// ../../packages/grid-io/src/numpy/index.ts
var init_numpy = __esm({
  "../../packages/grid-io/src/numpy/index.ts"() {
    "use strict";
  }
});

// ../../packages/grid-io/src/resample/errors.ts
var DomainError;
var init_errors2 = __esm({
  "../../packages/grid-io/src/resample/errors.ts"() {
    "use strict";
    DomainError = class extends Error {
      name = "DomainError";
      constructor(message) {
        super(message);
      }
    };
  }
});

// ../../packages/grid-io/src/resample/validate.ts
function checkWavelength(fn, arg, w) {
  if (w.length === 0) throw new DomainError(`Argument '${arg}' passed to '${fn}' must not be empty`);
  for (let i = 0; i < w.length; i++) {
    const x = w[i];
    if (!Number.isFinite(x)) throw new DomainError(`Argument '${arg}' passed to '${fn}' must be finite; pixel ${i} is ${x}`);
    if (i > 0 && !(x > w[i - 1])) {
      throw new DomainError(`Argument '${arg}' passed to '${fn}' must be increasing; pixel ${i} (${x} \xC5) \u2264 pixel ${i - 1} (${w[i - 1]} \xC5)`);
    }
  }
}
function checkSameLength(fn, arg, a, ref, b) {
  if (a.length !== b.length) {
    throw new DomainError(`Argument '${arg}' passed to '${fn}' must have the length of '${ref}' (${b.length}); got ${a.length}`);
  }
}
function checkFinite(fn, arg, x) {
  if (!Number.isFinite(x)) throw new DomainError(`Argument '${arg}' passed to '${fn}' must be finite; got ${x}`);
}
var init_validate = __esm({
  "../../packages/grid-io/src/resample/validate.ts"() {
    "use strict";
    init_errors2();
  }
});

// ../../packages/grid-io/src/resample/interpolateLinear.ts
function interpolateLinear(newWavelength, wavelength, flux, options = {}) {
  const fn = "interpolateLinear";
  checkWavelength(fn, "wavelength", wavelength);
  checkSameLength(fn, "flux", flux, "wavelength", wavelength);
  checkWavelength(fn, "newWavelength", newWavelength);
  const n = wavelength.length;
  const out = new Float64Array(newWavelength.length);
  let j = 0;
  for (let i = 0; i < newWavelength.length; i++) {
    const x = newWavelength[i];
    if (x < wavelength[0] || x > wavelength[n - 1]) {
      out[i] = options.fill ?? (x < wavelength[0] ? flux[0] : flux[n - 1]);
      continue;
    }
    while (j < n - 2 && wavelength[j + 1] < x) j++;
    if (n === 1) {
      out[i] = flux[0];
      continue;
    }
    const x0 = wavelength[j];
    const x1 = wavelength[j + 1];
    const t = (x - x0) / (x1 - x0);
    out[i] = x === x1 ? flux[j + 1] : flux[j] + t * (flux[j + 1] - flux[j]);
  }
  return out;
}
var init_interpolateLinear = __esm({
  "../../packages/grid-io/src/resample/interpolateLinear.ts"() {
    "use strict";
    init_validate();
  }
});

// ../../packages/grid-io/src/resample/dopplerShift.ts
function dopplerFactor(velocityKms) {
  checkFinite("dopplerFactor", "velocityKms", velocityKms);
  const b = velocityKms / SPEED_OF_LIGHT_KMS;
  if (!(Math.abs(b) < 1)) throw new DomainError(`Argument 'velocityKms' passed to 'dopplerFactor' must be below c in magnitude; got ${velocityKms}`);
  return Math.sqrt((1 + b) / (1 - b));
}
function dopplerShift(wavelength, flux, velocityKms) {
  const fn = "dopplerShift";
  checkWavelength(fn, "wavelength", wavelength);
  checkSameLength(fn, "flux", flux, "wavelength", wavelength);
  const f = 1 / dopplerFactor(velocityKms);
  const restWavelength = Float64Array.from(wavelength, (x) => x * f);
  if (velocityKms === 0) return Float64Array.from(flux);
  return interpolateLinear(restWavelength, wavelength, flux);
}
var SPEED_OF_LIGHT_KMS;
var init_dopplerShift = __esm({
  "../../packages/grid-io/src/resample/dopplerShift.ts"() {
    "use strict";
    init_interpolateLinear();
    init_validate();
    init_errors2();
    SPEED_OF_LIGHT_KMS = 299792.458;
  }
});

// ../../packages/grid-io/src/resample/convolveKernel.ts
function convolveKernel(wavelength, flux, halfWidth, kernel) {
  const n = wavelength.length;
  const width = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const lo2 = j > 0 ? wavelength[j - 1] : wavelength[j];
    const hi2 = j < n - 1 ? wavelength[j + 1] : wavelength[j];
    width[j] = n > 1 ? (hi2 - lo2) / (j > 0 && j < n - 1 ? 2 : 1) : 1;
  }
  const out = new Float64Array(n);
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const h = halfWidth(i);
    const x = wavelength[i];
    while (lo < i && wavelength[lo] < x - h) lo++;
    if (hi < i) hi = i;
    while (hi < n - 1 && wavelength[hi + 1] <= x + h) hi++;
    while (hi > i && wavelength[hi] > x + h) hi--;
    let s = 0;
    let w = 0;
    for (let j = lo; j <= hi; j++) {
      const k = kernel(wavelength[j] - x, i) * width[j];
      s += k * flux[j];
      w += k;
    }
    out[i] = w > 0 ? s / w : flux[i];
  }
  return out;
}
var init_convolveKernel = __esm({
  "../../packages/grid-io/src/resample/convolveKernel.ts"() {
    "use strict";
  }
});

// ../../packages/grid-io/src/resample/broaden.ts
function broadenGaussian(wavelength, flux, resolvingPower) {
  const fn = "broadenGaussian";
  checkWavelength(fn, "wavelength", wavelength);
  checkSameLength(fn, "flux", flux, "wavelength", wavelength);
  const R = typeof resolvingPower === "number" ? () => resolvingPower : resolvingPower;
  const sigma = new Float64Array(wavelength.length);
  for (let i = 0; i < wavelength.length; i++) {
    const r = R(wavelength[i]);
    if (!(r > 0)) throw new DomainError(`Argument 'resolvingPower' passed to '${fn}' must be > 0; got ${r} at pixel ${i} (${wavelength[i]} \xC5)`);
    sigma[i] = wavelength[i] / r * FWHM_TO_SIGMA;
  }
  if (sigma.every((s) => s === 0)) return Float64Array.from(flux);
  return convolveKernel(
    wavelength,
    flux,
    (i) => 4 * sigma[i],
    (d, i) => sigma[i] === 0 ? d === 0 ? 1 : 0 : Math.exp(-0.5 * d * d / (sigma[i] * sigma[i]))
  );
}
function broadenRotational(wavelength, flux, vsiniKms, limbDarkening = 0.6) {
  const fn = "broadenRotational";
  checkWavelength(fn, "wavelength", wavelength);
  checkSameLength(fn, "flux", flux, "wavelength", wavelength);
  if (!(vsiniKms >= 0) || !Number.isFinite(vsiniKms)) throw new DomainError(`Argument 'vsiniKms' passed to '${fn}' must be finite and \u2265 0; got ${vsiniKms}`);
  if (!(limbDarkening >= 0 && limbDarkening <= 1)) {
    throw new DomainError(`Argument 'limbDarkening' passed to '${fn}' must be in [0, 1]; got ${limbDarkening}`);
  }
  if (vsiniKms === 0) return Float64Array.from(flux);
  const eps = limbDarkening;
  const c1 = 2 * (1 - eps);
  const c2 = Math.PI * eps / 2;
  const dl = (i) => wavelength[i] * vsiniKms / SPEED_OF_LIGHT_KMS;
  return convolveKernel(wavelength, flux, dl, (d, i) => {
    const x = d / dl(i);
    const u = 1 - x * x;
    return u <= 0 ? d === 0 ? 1 : 0 : c1 * Math.sqrt(u) + c2 * u;
  });
}
var FWHM_TO_SIGMA;
var init_broaden = __esm({
  "../../packages/grid-io/src/resample/broaden.ts"() {
    "use strict";
    init_convolveKernel();
    init_dopplerShift();
    init_errors2();
    init_validate();
    FWHM_TO_SIGMA = 1 / (2 * Math.sqrt(2 * Math.log(2)));
  }
});

// ../../packages/grid-io/src/resample/index.ts
var init_resample = __esm({
  "../../packages/grid-io/src/resample/index.ts"() {
    "use strict";
    init_dopplerShift();
    init_broaden();
  }
});

// ../../packages/grid-io/src/spectrum/index.ts
var init_spectrum = __esm({
  "../../packages/grid-io/src/spectrum/index.ts"() {
    "use strict";
  }
});

// ../../packages/grid-io/src/index.ts
var init_src = __esm({
  "../../packages/grid-io/src/index.ts"() {
    "use strict";
    init_fits();
    init_grid();
    init_numpy();
    init_resample();
    init_spectrum();
  }
});

// ../../packages/emulator-core/src/errors.ts
var AstroemuError, SafetensorsError, BundleError, ConfigError, ShapeError2, DomainError3;
var init_errors3 = __esm({
  "../../packages/emulator-core/src/errors.ts"() {
    "use strict";
    AstroemuError = class extends Error {
      constructor(message) {
        super(message);
        this.name = new.target.name;
      }
    };
    SafetensorsError = class extends AstroemuError {
    };
    BundleError = class extends AstroemuError {
      /** The bundle file concerned (e.g. 'weights.safetensors'), when there is one. */
      file;
      /** The tensor concerned, when there is one. */
      tensor;
      constructor(message, details = {}) {
        super(message);
        if (details.file !== void 0) this.file = details.file;
        if (details.tensor !== void 0) this.tensor = details.tensor;
      }
    };
    ConfigError = class extends AstroemuError {
      /** One line per problem, e.g. "architecture.hidden: expected number, got string". */
      issues;
      constructor(message, issues = []) {
        super(message);
        this.issues = issues;
      }
    };
    ShapeError2 = class extends AstroemuError {
    };
    DomainError3 = class extends AstroemuError {
    };
  }
});

// ../../packages/emulator-core/src/labelSpec.ts
function validateLabelSpecs(specs, who = "validateLabelSpecs") {
  if (!Array.isArray(specs) || specs.length === 0) {
    throw new DomainError3(`${who}: label specs must be a non-empty array; got ${Array.isArray(specs) ? "an empty array" : typeof specs}`);
  }
  const seen = /* @__PURE__ */ new Set();
  specs.forEach((s, i) => {
    if (typeof s?.name !== "string" || s.name.length === 0) {
      throw new DomainError3(`${who}: label ${i} must have a non-empty string name; got ${JSON.stringify(s?.name)}`);
    }
    if (seen.has(s.name)) throw new DomainError3(`${who}: label name '${s.name}' appears twice (label ${i})`);
    seen.add(s.name);
    if (!Number.isFinite(s.min) || !Number.isFinite(s.max)) {
      throw new DomainError3(`${who}: label '${s.name}' must have finite min and max; got min=${s.min}, max=${s.max}`);
    }
    if (!(s.max > s.min)) {
      throw new DomainError3(`${who}: label '${s.name}' must have max > min; got min=${s.min}, max=${s.max}`);
    }
  });
}
var init_labelSpec = __esm({
  "../../packages/emulator-core/src/labelSpec.ts"() {
    "use strict";
    init_errors3();
  }
});

// ../../packages/emulator-core/src/scaleLabels.ts
import * as tf3 from "@tensorflow/tfjs";
function scaleLabels(labels, specs) {
  return applyScaling("scaleLabels", labels, specs, false);
}
function applyScaling(who, x, specs, inverse) {
  validateLabelSpecs(specs, who);
  const L = specs.length;
  if (x instanceof Float32Array) {
    if (x.length % L !== 0) {
      throw new ShapeError2(`${who}: Float32Array of length ${x.length} is not a multiple of the ${L} labels (expected B \xD7 ${L} values, row-major)`);
    }
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i += L) {
      for (let j = 0; j < L; j++) {
        const { min, max } = specs[j];
        out[i + j] = inverse ? (x[i + j] + 0.5) * (max - min) + min : (x[i + j] - min) / (max - min) - 0.5;
      }
    }
    return out;
  }
  if (!(x instanceof tf3.Tensor) || x.rank !== 2 || x.shape[1] !== L) {
    const got = x instanceof tf3.Tensor ? `shape [${x.shape.join(", ")}]` : typeof x;
    throw new ShapeError2(`${who}: labels must be a Float32Array or a tensor of shape [B, ${L}]; got ${got}`);
  }
  return tf3.tidy(() => {
    const min = tf3.tensor1d(specs.map((s) => s.min), "float32");
    const range = tf3.tensor1d(specs.map((s) => s.max - s.min), "float32");
    const xf = x.toFloat();
    return inverse ? xf.add(0.5).mul(range).add(min) : xf.sub(min).div(range).sub(0.5);
  });
}
var init_scaleLabels = __esm({
  "../../packages/emulator-core/src/scaleLabels.ts"() {
    "use strict";
    init_errors3();
    init_labelSpec();
  }
});

// ../../packages/emulator-core/src/domainChecks.ts
import * as tf4 from "@tensorflow/tfjs";
function report(message, opts) {
  if (opts.extrapolate !== true) throw new DomainError3(`${message} (pass { extrapolate: true } to predict anyway)`);
  (opts.warn ?? console.warn)(`${message}; extrapolating`);
}
function checkLabelDomain(who, values, specs, opts = {}) {
  const L = specs.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const spec = specs[i % L];
    const row = Math.floor(i / L);
    if (!Number.isFinite(v)) {
      throw new DomainError3(`Argument 'labels' passed to '${who}' must be finite; label '${spec.name}' of spectrum ${row} is ${v}`);
    }
    const slack = 1e-6 * (spec.max - spec.min);
    if (v < spec.min - slack || v > spec.max + slack) {
      report(
        `Argument 'labels' passed to '${who}' is outside the trained domain: label '${spec.name}' of spectrum ${row} is ${v}, expected within [${spec.min}, ${spec.max}]${spec.unit ? ` ${spec.unit}` : ""}`,
        opts
      );
      return;
    }
  }
}
function checkLabelTensor(who, labels, specs, opts = {}) {
  const L = specs.length;
  if (!(labels instanceof tf4.Tensor) || labels.rank !== 2 || labels.shape[1] !== L) {
    const got = labels instanceof tf4.Tensor ? `shape [${labels.shape.join(", ")}]` : typeof labels;
    throw new ShapeError2(
      `Argument 'labels' passed to '${who}' must be a tensor of shape [B, ${L}] (${specs.map((s) => s.name).join(", ")}); got ${got}`
    );
  }
  checkLabelDomain(who, labels.dataSync(), specs, opts);
}
function checkWavelengthDomain(who, grid, domain, opts = {}) {
  if (grid.length === 0) throw new DomainError3(`Argument 'wavelength' passed to '${who}' must hold at least one wavelength; got 0`);
  let outside = -1;
  for (let i = 0; i < grid.length; i++) {
    const w = grid[i];
    if (!Number.isFinite(w) || w <= 0) {
      throw new DomainError3(`Argument 'wavelength' passed to '${who}' must be finite and > 0 (Angstrom); element ${i} is ${w}`);
    }
    if (outside < 0 && (w < domain.min || w > domain.max)) outside = i;
  }
  if (outside >= 0) {
    report(
      `Argument 'wavelength' passed to '${who}' is outside the trained domain: element ${outside} is ${grid[outside]} \xC5, expected within [${domain.min}, ${domain.max}] \xC5`,
      opts
    );
  }
}
function checkFixedGrid(who, wavelength, fixed) {
  if (wavelength === void 0) return;
  const w = wavelength instanceof tf4.Tensor ? wavelength.dataSync() : wavelength;
  const same = w.length === fixed.length && fixed.every((v, i) => Math.fround(v) === Math.fround(w[i]));
  if (!same) {
    throw new DomainError3(
      `${who}: this emulator predicts on its fixed grid of ${fixed.length} pixels [${fixed[0]}, ${fixed[fixed.length - 1]}] \xC5; got a different wavelength array of ${w.length} values. Omit 'wavelength' and resample the output instead`
    );
  }
}
var init_domainChecks = __esm({
  "../../packages/emulator-core/src/domainChecks.ts"() {
    "use strict";
    init_errors3();
  }
});

// ../../packages/emulator-core/src/emulatorConfigSchema.ts
import { z } from "zod";
function parseFormatVersion(v) {
  if (typeof v !== "string") return void 0;
  const m = /^(\d+)\.(\d+)$/.exec(v);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : void 0;
}
function emulatorConfigSchema(kind, architecture) {
  return z.strictObject({
    kind: z.literal(kind),
    formatVersion: formatVersionSchema,
    packageVersion: z.string().optional(),
    labels: z.array(labelSpecSchema).min(1),
    wavelength: wavelengthDomainSchema,
    architecture,
    training: z.record(z.string(), z.unknown()).optional()
  }).superRefine((c, ctx) => {
    const seen = /* @__PURE__ */ new Set();
    c.labels.forEach((l, i) => {
      if (seen.has(l.name)) ctx.addIssue({ code: "custom", path: ["labels", i, "name"], message: `duplicate label name '${l.name}'` });
      seen.add(l.name);
    });
  });
}
function parseConfigWith(schema, json, who) {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.length ? i.path.map(String).join(".") : "(root)"}: ${i.message}`);
  throw new ConfigError(`${who} config is invalid: ${issues.join("; ")}`, issues);
}
var FORMAT_VERSION, FORMAT_MAJOR, labelSpecSchema, wavelengthDomainSchema, formatVersionSchema, anyEmulatorConfigSchema;
var init_emulatorConfigSchema = __esm({
  "../../packages/emulator-core/src/emulatorConfigSchema.ts"() {
    "use strict";
    init_errors3();
    FORMAT_VERSION = "1.0";
    FORMAT_MAJOR = 1;
    labelSpecSchema = z.strictObject({
      name: z.string().min(1),
      unit: z.string().optional(),
      min: z.number(),
      max: z.number()
    }).refine((s) => s.max > s.min, { message: "max must be greater than min" });
    wavelengthDomainSchema = z.strictObject({
      min: z.number().positive(),
      max: z.number().positive(),
      medium: z.enum(["air", "vacuum", "unknown"]).default("unknown"),
      fixed: z.array(z.number()).min(1).optional()
    }).superRefine((w, ctx) => {
      if (!(w.max > w.min)) ctx.addIssue({ code: "custom", message: `max (${w.max}) must be greater than min (${w.min})` });
      const f = w.fixed;
      if (!f) return;
      for (let i = 1; i < f.length; i++) {
        if (!(f[i] > f[i - 1])) {
          ctx.addIssue({ code: "custom", path: ["fixed"], message: `must be strictly increasing; pixel ${i} (${f[i]}) \u2264 pixel ${i - 1} (${f[i - 1]})` });
          return;
        }
      }
      if (f[0] < w.min || f[f.length - 1] > w.max) {
        ctx.addIssue({ code: "custom", path: ["fixed"], message: `must lie within [min, max] = [${w.min}, ${w.max}]; got [${f[0]}, ${f[f.length - 1]}]` });
      }
    });
    formatVersionSchema = z.string().default(FORMAT_VERSION).refine((v) => parseFormatVersion(v) !== void 0, { message: 'must look like "MAJOR.MINOR", e.g. "1.0"' }).refine((v) => (parseFormatVersion(v)?.major ?? 0) <= FORMAT_MAJOR, {
      message: `is newer than this reader supports (${FORMAT_MAJOR}.x); upgrade @astroemu/emulator-core`
    });
    anyEmulatorConfigSchema = z.strictObject({
      kind: z.string().min(1),
      formatVersion: formatVersionSchema,
      packageVersion: z.string().optional(),
      labels: z.array(labelSpecSchema).min(1),
      wavelength: wavelengthDomainSchema,
      architecture: z.record(z.string(), z.unknown()),
      training: z.record(z.string(), z.unknown()).optional()
    });
  }
});

// ../../packages/emulator-core/src/registry.ts
function registerEmulatorKind(def) {
  if (typeof def?.kind !== "string" || def.kind.length === 0) {
    throw new ConfigError(`registerEmulatorKind: 'kind' must be a non-empty string; got ${JSON.stringify(def?.kind)}`);
  }
  for (const fn of ["parseConfig", "weightShapes", "build"]) {
    if (typeof def[fn] !== "function") {
      throw new ConfigError(`registerEmulatorKind: kind '${def.kind}' must provide function '${fn}'; got ${typeof def[fn]}`);
    }
  }
  registry.set(def.kind, def);
}
function listEmulatorKinds() {
  return [...registry.keys()].sort();
}
function getEmulatorKind(kind) {
  const def = registry.get(kind);
  if (!def) {
    const known = listEmulatorKinds();
    throw new ConfigError(
      `Unknown emulator kind '${kind}'; known kinds: ${known.length ? known.join(", ") : "(none registered)"}. Import the package that provides it (e.g. @astroemu/payne) before loading.`
    );
  }
  return def;
}
var REGISTRY_KEY, registry;
var init_registry = __esm({
  "../../packages/emulator-core/src/registry.ts"() {
    "use strict";
    init_errors3();
    REGISTRY_KEY = /* @__PURE__ */ Symbol.for("@astroemu/emulator-core/registry");
    registry = globalThis[REGISTRY_KEY] ??= /* @__PURE__ */ new Map();
  }
});

// ../../packages/emulator-core/src/bundleLayout.ts
var BUNDLE_FILES, WAVELENGTH_TENSOR;
var init_bundleLayout = __esm({
  "../../packages/emulator-core/src/bundleLayout.ts"() {
    "use strict";
    BUNDLE_FILES = {
      config: "config.json",
      weights: "weights.safetensors",
      integrity: "integrity.json",
      fingerprint: "fingerprint.safetensors"
    };
    WAVELENGTH_TENSOR = "wavelength";
  }
});

// ../../packages/emulator-core/src/safetensorsDtype.ts
function isSafetensorsDtype(d) {
  return typeof d === "string" && Object.prototype.hasOwnProperty.call(SAFETENSORS_DTYPES, d);
}
function halfToFloat(h) {
  const s = h & 32768 ? -1 : 1;
  const e = h >> 10 & 31;
  const m = h & 1023;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}
function floatToHalf(x) {
  f32[0] = x;
  const b = u32[0];
  const sign = b >>> 16 & 32768;
  const exp = b >>> 23 & 255;
  let mant = b & 8388607;
  if (exp === 255) return sign | 31744 | (mant ? 512 : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 31744;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 8388608;
    const shift = 14 - e;
    let h2 = mant >>> shift;
    const rem2 = mant & (1 << shift) - 1;
    const half = 1 << shift - 1;
    if (rem2 > half || rem2 === half && h2 & 1) h2++;
    return sign | h2;
  }
  let h = e << 10 | mant >>> 13;
  const rem = mant & 8191;
  if (rem > 4096 || rem === 4096 && h & 1) h++;
  return sign | h;
}
function bfloat16ToFloat(h) {
  u32[0] = (h & 65535) << 16;
  return f32[0];
}
function floatToBfloat16(x) {
  f32[0] = x;
  const b = u32[0];
  if (Number.isNaN(f32[0])) return b >>> 16 & 65535 | 64;
  return b + 32767 + (b >>> 16 & 1) >>> 16 & 65535;
}
var SAFETENSORS_DTYPES, f32, u32, LITTLE_ENDIAN_HOST;
var init_safetensorsDtype = __esm({
  "../../packages/emulator-core/src/safetensorsDtype.ts"() {
    "use strict";
    SAFETENSORS_DTYPES = {
      BOOL: { bytes: 1, array: Uint8Array },
      U8: { bytes: 1, array: Uint8Array },
      I8: { bytes: 1, array: Int8Array },
      U16: { bytes: 2, array: Uint16Array },
      I16: { bytes: 2, array: Int16Array },
      F16: { bytes: 2, array: Float32Array },
      BF16: { bytes: 2, array: Float32Array },
      U32: { bytes: 4, array: Uint32Array },
      I32: { bytes: 4, array: Int32Array },
      F32: { bytes: 4, array: Float32Array },
      F64: { bytes: 8, array: Float64Array },
      U64: { bytes: 8, array: BigUint64Array },
      I64: { bytes: 8, array: BigInt64Array }
    };
    f32 = new Float32Array(1);
    u32 = new Uint32Array(f32.buffer);
    LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  }
});

// ../../packages/emulator-core/src/readSafetensors.ts
function readSafetensors(bytes, options = {}) {
  const who = "readSafetensors";
  const maxHeader = options.maxHeaderBytes ?? SAFETENSORS_MAX_HEADER_BYTES;
  if (!(bytes instanceof Uint8Array)) throw new SafetensorsError(`${who}: expected a Uint8Array; got ${typeof bytes}`);
  if (bytes.length < 8) {
    throw new SafetensorsError(`${who}: file is truncated: ${bytes.length} bytes, expected at least 8 (the header length)`);
  }
  const n64 = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(maxHeader)) {
    throw new SafetensorsError(`${who}: header length ${n64} is larger than the limit of ${maxHeader} bytes`);
  }
  const n = Number(n64);
  if (n < 2) throw new SafetensorsError(`${who}: header length ${n} is too small for a JSON object (expected \u2265 2)`);
  if (8 + n > bytes.length) {
    throw new SafetensorsError(`${who}: file is truncated: header length ${n} needs ${8 + n} bytes, but the file has ${bytes.length}`);
  }
  let header;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    throw new SafetensorsError(`${who}: header is not valid UTF-8 JSON: ${e.message}`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    throw new SafetensorsError(`${who}: header must be a JSON object; got ${Array.isArray(header) ? "an array" : typeof header}`);
  }
  const metadata = {};
  const entries = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === "__metadata__") {
      if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        throw new SafetensorsError(`${who}: __metadata__ must be an object of strings; got ${JSON.stringify(raw)}`);
      }
      for (const [k, v] of Object.entries(raw)) {
        if (typeof v !== "string") throw new SafetensorsError(`${who}: __metadata__ value '${k}' must be a string; got ${JSON.stringify(v)}`);
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
      throw new SafetensorsError(`${who}: tensor '${e.name}' has data_offsets [${e.begin}, ${e.end}] beyond the data buffer of ${dataLength} bytes (file truncated?)`);
    }
    if (e.begin < cursor) {
      throw new SafetensorsError(`${who}: tensor '${e.name}' data_offsets [${e.begin}, ${e.end}] overlap the previous tensor, which ends at ${cursor}`);
    }
    if (e.begin > cursor) {
      throw new SafetensorsError(`${who}: data_offsets do not cover the data buffer: gap of bytes [${cursor}, ${e.begin}) before tensor '${e.name}'`);
    }
    cursor = e.end;
  }
  if (cursor !== dataLength) {
    throw new SafetensorsError(`${who}: data_offsets do not cover the data buffer: tensors end at byte ${cursor}, but the data buffer has ${dataLength} bytes`);
  }
  const tensors = /* @__PURE__ */ new Map();
  for (const e of entries) {
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: decode(bytes, dataStart + e.begin, dataStart + e.end, e.dtype) });
  }
  return { tensors, metadata };
}
function parseEntry(who, name, raw) {
  if (typeof raw !== "object" || raw === null) {
    throw new SafetensorsError(`${who}: tensor '${name}' must be described by an object; got ${JSON.stringify(raw)}`);
  }
  const { dtype, shape, data_offsets: offsets } = raw;
  if (!isSafetensorsDtype(dtype)) {
    throw new SafetensorsError(`${who}: tensor '${name}' has unsupported dtype ${JSON.stringify(dtype)}; expected one of ${Object.keys(SAFETENSORS_DTYPES).join(", ")}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new SafetensorsError(`${who}: tensor '${name}' shape must be an array of non-negative integers; got ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
    throw new SafetensorsError(`${who}: tensor '${name}' data_offsets must be [begin, end] with 0 \u2264 begin \u2264 end; got ${JSON.stringify(offsets)}`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const need = count * SAFETENSORS_DTYPES[dtype].bytes;
  const [begin, end] = offsets;
  if (end - begin !== need) {
    throw new SafetensorsError(`${who}: tensor '${name}' has data_offsets [${begin}, ${end}] (${end - begin} bytes) but dtype ${dtype} \xD7 shape [${shape.join(", ")}] needs ${need} bytes`);
  }
  return { name, dtype, shape, begin, end };
}
function decode(bytes, start, end, dtype) {
  const info = SAFETENSORS_DTYPES[dtype];
  const count = (end - start) / info.bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, end - start);
  if (dtype === "F16" || dtype === "BF16") {
    const out = new Float32Array(count);
    const f = dtype === "F16" ? halfToFloat : bfloat16ToFloat;
    for (let i = 0; i < count; i++) out[i] = f(view.getUint16(2 * i, true));
    return out;
  }
  if (!LITTLE_ENDIAN_HOST) throw new SafetensorsError("readSafetensors: big-endian hosts are not supported");
  const copy = bytes.slice(start, end);
  return new info.array(copy.buffer, 0, count);
}
var SAFETENSORS_MAX_HEADER_BYTES;
var init_readSafetensors = __esm({
  "../../packages/emulator-core/src/readSafetensors.ts"() {
    "use strict";
    init_errors3();
    init_safetensorsDtype();
    SAFETENSORS_MAX_HEADER_BYTES = 1e8;
  }
});

// ../../packages/emulator-core/src/writeSafetensors.ts
function writeSafetensors(tensors, metadata) {
  const who = "writeSafetensors";
  if (!LITTLE_ENDIAN_HOST) throw new SafetensorsError(`${who}: big-endian hosts are not supported`);
  const list = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  const header = {};
  if (metadata && Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== "string") throw new SafetensorsError(`${who}: metadata value '${k}' must be a string; got ${typeof v}`);
    }
    header.__metadata__ = metadata;
  }
  const chunks = [];
  let offset = 0;
  for (const [name, t] of list) {
    if (name === "__metadata__") throw new SafetensorsError(`${who}: '__metadata__' is reserved and cannot name a tensor`);
    chunks.push(encodeTensor(who, name, t));
    const size = chunks[chunks.length - 1].length;
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil((8 + json.length) / 8) * 8 - 8;
  const head = new Uint8Array(padded).fill(32);
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
function encodeTensor(who, name, t) {
  if (!isSafetensorsDtype(t?.dtype)) {
    throw new SafetensorsError(`${who}: tensor '${name}' has unsupported dtype ${JSON.stringify(t?.dtype)}; expected one of ${Object.keys(SAFETENSORS_DTYPES).join(", ")}`);
  }
  if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new SafetensorsError(`${who}: tensor '${name}' shape must be an array of non-negative integers; got ${JSON.stringify(t.shape)}`);
  }
  const count = t.shape.reduce((a, b) => a * b, 1);
  const info = SAFETENSORS_DTYPES[t.dtype];
  if (t.data?.length !== count) {
    throw new SafetensorsError(`${who}: tensor '${name}' has shape [${t.shape.join(", ")}] (${count} values) but its data has ${t.data?.length} values`);
  }
  if (t.dtype === "F16" || t.dtype === "BF16") {
    if (!(t.data instanceof Float32Array || t.data instanceof Float64Array)) {
      throw new SafetensorsError(`${who}: tensor '${name}' of dtype ${t.dtype} needs Float32Array data; got ${t.data.constructor.name}`);
    }
    const out = new Uint8Array(count * 2);
    const view = new DataView(out.buffer);
    const f = t.dtype === "F16" ? floatToHalf : floatToBfloat16;
    for (let i = 0; i < count; i++) view.setUint16(2 * i, f(t.data[i]), true);
    return out;
  }
  if (!(t.data instanceof info.array)) {
    throw new SafetensorsError(`${who}: tensor '${name}' of dtype ${t.dtype} needs ${info.array.name} data; got ${t.data.constructor.name}`);
  }
  if (t.dtype === "BOOL" && !t.data.every((v) => v === 0 || v === 1)) {
    throw new SafetensorsError(`${who}: tensor '${name}' of dtype BOOL must hold only 0 and 1`);
  }
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength).slice();
}
var init_writeSafetensors = __esm({
  "../../packages/emulator-core/src/writeSafetensors.ts"() {
    "use strict";
    init_errors3();
    init_safetensorsDtype();
  }
});

// ../../packages/emulator-core/src/fingerprint.ts
import * as tf5 from "@tensorflow/tfjs";
function defaultLabels(em) {
  const L = em.labels.length;
  const k = 3;
  const out = new Float32Array(k * L);
  for (let r = 0; r < k; r++) {
    for (let j = 0; j < L; j++) {
      const frac = r === 0 ? 0.5 : 0.1 + 0.8 * ((r * 0.6180339887 + j * 0.4142135624) % 1);
      const { min, max } = em.labels[j];
      out[r * L + j] = min + frac * (max - min);
    }
  }
  return out;
}
function evenly(n, count) {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.round(i * (n - 1) / (count - 1)));
}
async function runFingerprint(em, labels, pixels, wavelengths) {
  const k = labels.length / em.labels.length;
  const out = tf5.tidy(() => {
    const x = tf5.tensor2d(labels, [k, em.labels.length], "float32");
    if (pixels) return tf5.gather(em.predict(x), tf5.tensor1d(pixels, "int32"), 1);
    return em.predict(x, wavelengths);
  });
  try {
    return new Float32Array(await out.data());
  } finally {
    out.dispose();
  }
}
async function makeFingerprint(em, opts = {}) {
  const L = em.labels.length;
  const labels = opts.labels ?? defaultLabels(em);
  if (labels.length === 0 || labels.length % L !== 0) {
    throw new BundleError(`saveEmulator: fingerprint labels must hold k \xD7 ${L} values (k \u2265 1); got ${labels.length}`, { file: FINGERPRINT_FILE });
  }
  const k = labels.length / L;
  const tensors = { labels: { dtype: "F32", shape: [k, L], data: labels } };
  let flux;
  let m;
  const fixed = em.wavelength.fixed;
  if (fixed) {
    const pix = Int32Array.from(opts.pixels ?? evenly(fixed.length, 8));
    const bad = pix.findIndex((p) => p < 0 || p >= fixed.length);
    if (bad >= 0) throw new BundleError(`saveEmulator: fingerprint pixel ${pix[bad]} is outside the grid of ${fixed.length} pixels`, { file: FINGERPRINT_FILE });
    flux = await runFingerprint(em, labels, pix);
    m = pix.length;
    tensors.pixels = { dtype: "I32", shape: [m], data: pix };
  } else {
    const { min, max } = em.wavelength;
    const w = opts.wavelengths ?? Float64Array.from({ length: 8 }, (_, i) => min + i / 7 * (max - min));
    flux = await runFingerprint(em, labels, void 0, w);
    m = w.length;
    tensors.wavelength = { dtype: "F64", shape: [m], data: w };
  }
  tensors.flux = { dtype: "F32", shape: [k, m], data: flux };
  return writeSafetensors(tensors, { rtol: String(opts.rtol ?? 1e-4), atol: String(opts.atol ?? 1e-5) });
}
async function checkFingerprint(em, bytes) {
  const who = "loadEmulator";
  let fp;
  try {
    fp = readSafetensors(bytes);
  } catch (e) {
    throw new BundleError(`${who}: ${FINGERPRINT_FILE}: ${e.message}`, { file: FINGERPRINT_FILE });
  }
  const get = (name) => {
    const t = fp.tensors.get(name);
    if (!t) throw new BundleError(`${who}: ${FINGERPRINT_FILE} has no tensor '${name}'`, { file: FINGERPRINT_FILE, tensor: name });
    return t;
  };
  const labels = get("labels");
  const flux = get("flux");
  const L = em.labels.length;
  if (labels.shape.length !== 2 || labels.shape[1] !== L || !(labels.data instanceof Float32Array)) {
    throw new BundleError(`${who}: ${FINGERPRINT_FILE} tensor 'labels' must be F32 [k, ${L}]; got ${labels.dtype} [${labels.shape.join(", ")}]`, { file: FINGERPRINT_FILE, tensor: "labels" });
  }
  const pixels = fp.tensors.get("pixels");
  const wl = fp.tensors.get("wavelength");
  const got = await runFingerprint(
    em,
    labels.data,
    pixels ? Int32Array.from(pixels.data) : void 0,
    wl ? Float64Array.from(wl.data) : void 0
  );
  if (got.length !== flux.data.length) {
    throw new BundleError(`${who}: fingerprint flux has ${flux.data.length} values but the emulator produced ${got.length}`, { file: FINGERPRINT_FILE, tensor: "flux" });
  }
  const rtol = Number(fp.metadata.rtol ?? 1e-4);
  const atol = Number(fp.metadata.atol ?? 1e-5);
  const expected = flux.data;
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < got.length; i++) {
    const excess = Math.abs(got[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    const m = flux.shape[1] ?? 1;
    throw new BundleError(
      `${who}: fingerprint mismatch for kind '${em.kind}': row ${Math.floor(worst / m)}, column ${worst % m}: expected ${expected[worst]}, got ${got[worst]} (tolerance atol ${atol} + rtol ${rtol}\xB7|expected|)`,
      { file: FINGERPRINT_FILE, tensor: "flux" }
    );
  }
}
var FINGERPRINT_FILE;
var init_fingerprint = __esm({
  "../../packages/emulator-core/src/fingerprint.ts"() {
    "use strict";
    init_errors3();
    init_readSafetensors();
    init_writeSafetensors();
    FINGERPRINT_FILE = "fingerprint.safetensors";
  }
});

// ../../packages/emulator-core/src/sha256.ts
async function sha256Hex(bytes) {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
var init_sha256 = __esm({
  "../../packages/emulator-core/src/sha256.ts"() {
    "use strict";
  }
});

// ../../packages/emulator-core/src/encodeBundle.ts
async function encodeBundle(emulator, options = {}) {
  const who = "saveEmulator";
  const def = getEmulatorKind(emulator.kind);
  const config = def.parseConfig(emulator.config());
  if (config.kind !== emulator.kind) {
    throw new BundleError(`${who}: config().kind '${config.kind}' differs from emulator.kind '${emulator.kind}'`, { file: BUNDLE_FILES.config });
  }
  const expected = def.weightShapes(config);
  const weights = emulator.weights();
  const tensors = /* @__PURE__ */ new Map();
  for (const name of Object.keys(expected)) {
    if (!weights.has(name)) {
      throw new BundleError(`${who}: emulator of kind '${emulator.kind}' has no weight '${name}' although weightShapes lists it`, { tensor: name });
    }
  }
  for (const [name, t] of weights) {
    if (name === WAVELENGTH_TENSOR) throw new BundleError(`${who}: weight name '${WAVELENGTH_TENSOR}' is reserved for the fixed grid`, { tensor: name });
    const shape = expected[name];
    if (!shape) {
      throw new BundleError(`${who}: emulator of kind '${emulator.kind}' has weight '${name}' that weightShapes does not list`, { tensor: name });
    }
    if (!sameShape(shape, t.shape)) {
      throw new BundleError(`${who}: weight '${name}' has shape [${t.shape.join(", ")}]; weightShapes expects [${shape.join(", ")}]`, { tensor: name });
    }
    tensors.set(name, await toSafetensor(who, name, t));
  }
  const fixed = emulator.wavelength.fixed ?? (config.wavelength.fixed ? Float64Array.from(config.wavelength.fixed) : void 0);
  const fileConfig = { ...config, wavelength: { ...config.wavelength } };
  if (fixed) {
    tensors.set(WAVELENGTH_TENSOR, { dtype: "F64", shape: [fixed.length], data: Float64Array.from(fixed) });
    fileConfig.wavelength.fixed = { tensor: WAVELENGTH_TENSOR, length: fixed.length };
  }
  const files = /* @__PURE__ */ new Map();
  files.set(BUNDLE_FILES.config, new TextEncoder().encode(JSON.stringify(fileConfig, null, 2) + "\n"));
  files.set(BUNDLE_FILES.weights, writeSafetensors(tensors, { format: "astroemu-bundle", kind: config.kind, formatVersion: config.formatVersion }));
  if (options.fingerprint !== false) {
    files.set(BUNDLE_FILES.fingerprint, await makeFingerprint(emulator, options.fingerprint ?? {}));
  }
  const integrity = { algorithm: "sha256", files: {} };
  for (const [name, bytes] of files) integrity.files[name] = await sha256Hex(bytes);
  files.set(BUNDLE_FILES.integrity, new TextEncoder().encode(JSON.stringify(integrity, null, 2) + "\n"));
  return files;
}
function sameShape(a, b) {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
async function toSafetensor(who, name, t) {
  const dtype = TF_TO_SAFETENSORS[t.dtype];
  if (!dtype) throw new BundleError(`${who}: weight '${name}' has dtype ${t.dtype}; expected float32, int32 or bool`, { tensor: name });
  const values = await t.data();
  if (dtype === "F32") {
    const data = new Float32Array(values);
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new BundleError(`${who}: weight '${name}' holds ${data[bad]} at flat index ${bad}; refusing to save a non-finite weight`, { tensor: name });
    return { dtype, shape: [...t.shape], data };
  }
  if (dtype === "I32") return { dtype, shape: [...t.shape], data: new Int32Array(values) };
  return { dtype, shape: [...t.shape], data: Uint8Array.from(values, (v) => v ? 1 : 0) };
}
var TF_TO_SAFETENSORS;
var init_encodeBundle = __esm({
  "../../packages/emulator-core/src/encodeBundle.ts"() {
    "use strict";
    init_bundleLayout();
    init_errors3();
    init_fingerprint();
    init_registry();
    init_sha256();
    init_writeSafetensors();
    TF_TO_SAFETENSORS = { float32: "F32", int32: "I32", bool: "BOOL" };
  }
});

// ../../packages/emulator-core/src/decodeBundle.ts
import * as tf6 from "@tensorflow/tfjs";
async function decodeBundle(files, options = {}) {
  const get = (name) => files instanceof Map ? files.get(name) : files[name];
  const need = (name) => {
    const b = get(name);
    if (!b) throw new BundleError(`${WHO2}: bundle has no file '${name}'`, { file: name });
    return b;
  };
  const rawConfig = parseJson(need(BUNDLE_FILES.config), BUNDLE_FILES.config);
  if (typeof rawConfig !== "object" || rawConfig === null || Array.isArray(rawConfig)) {
    throw new BundleError(`${WHO2}: ${BUNDLE_FILES.config} must hold a JSON object`, { file: BUNDLE_FILES.config });
  }
  const cfg = rawConfig;
  const version = parseFormatVersion(cfg.formatVersion);
  if (!version) {
    throw new BundleError(`${WHO2}: ${BUNDLE_FILES.config} formatVersion must look like "1.0"; got ${JSON.stringify(cfg.formatVersion)}`, { file: BUNDLE_FILES.config });
  }
  if (version.major > FORMAT_MAJOR) {
    throw new BundleError(
      `${WHO2}: bundle formatVersion ${cfg.formatVersion} is newer than this reader supports (${FORMAT_MAJOR}.x); upgrade @astroemu/emulator-core`,
      { file: BUNDLE_FILES.config }
    );
  }
  if (options.verifyIntegrity !== false) await verifyIntegrity(get, need);
  const def = getEmulatorKind(String(cfg.kind));
  const weightsBytes = need(BUNDLE_FILES.weights);
  let st;
  try {
    st = readSafetensors(weightsBytes);
  } catch (e) {
    throw new BundleError(`${WHO2}: ${BUNDLE_FILES.weights}: ${e.message}`, { file: BUNDLE_FILES.weights });
  }
  const config = def.parseConfig(resolveFixedGrid(cfg, st));
  const expected = def.weightShapes(config);
  for (const name of st.tensors.keys()) {
    if (name !== WAVELENGTH_TENSOR && !(name in expected)) {
      throw new BundleError(`${WHO2}: ${BUNDLE_FILES.weights} has unexpected tensor '${name}' for kind '${def.kind}'`, { file: BUNDLE_FILES.weights, tensor: name });
    }
  }
  const weights = /* @__PURE__ */ new Map();
  let emulator;
  try {
    for (const [name, shape] of Object.entries(expected)) {
      const t = st.tensors.get(name);
      if (!t) throw new BundleError(`${WHO2}: ${BUNDLE_FILES.weights} is missing tensor '${name}' (kind '${def.kind}' expects shape [${shape.join(", ")}])`, { file: BUNDLE_FILES.weights, tensor: name });
      if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
        throw new BundleError(`${WHO2}: ${BUNDLE_FILES.weights} tensor '${name}' has shape [${t.shape.join(", ")}]; expected [${shape.join(", ")}]`, { file: BUNDLE_FILES.weights, tensor: name });
      }
      if (t.dtype === "I32") weights.set(name, tf6.tensor(t.data, t.shape, "int32"));
      else if (t.dtype === "BOOL") weights.set(name, tf6.tensor(t.data, t.shape, "bool"));
      else if (t.dtype === "F32" || t.dtype === "F16" || t.dtype === "BF16" || t.dtype === "F64") {
        const data = t.data;
        const bad = data.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) {
          throw new BundleError(`${WHO2}: ${BUNDLE_FILES.weights} tensor '${name}' holds ${data[bad]} at flat index ${bad}; weights must be finite`, { file: BUNDLE_FILES.weights, tensor: name });
        }
        weights.set(name, tf6.tensor(data instanceof Float32Array ? data : Float32Array.from(data), t.shape, "float32"));
      } else {
        throw new BundleError(`${WHO2}: ${BUNDLE_FILES.weights} tensor '${name}' has dtype ${t.dtype}; expected F32, F16, BF16, F64, I32 or BOOL`, { file: BUNDLE_FILES.weights, tensor: name });
      }
    }
    emulator = def.build(config, weights);
  } finally {
    for (const t of weights.values()) t.dispose();
  }
  if (options.verifyFingerprint) {
    try {
      await checkFingerprint(emulator, need(BUNDLE_FILES.fingerprint));
    } catch (e) {
      emulator.dispose();
      throw e;
    }
  }
  return emulator;
}
function parseJson(bytes, file) {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    throw new BundleError(`${WHO2}: ${file} is not valid UTF-8 JSON: ${e.message}`, { file });
  }
}
async function verifyIntegrity(get, need) {
  const f = BUNDLE_FILES.integrity;
  const integrity = parseJson(need(f), f);
  if (integrity?.algorithm !== "sha256" || typeof integrity.files !== "object" || integrity.files === null) {
    throw new BundleError(`${WHO2}: ${f} must be {"algorithm": "sha256", "files": {name: hex}}; got algorithm ${JSON.stringify(integrity?.algorithm)}`, { file: f });
  }
  const listed = integrity.files;
  for (const required of [BUNDLE_FILES.config, BUNDLE_FILES.weights, BUNDLE_FILES.fingerprint]) {
    if (get(required) && !(required in listed)) throw new BundleError(`${WHO2}: ${f} does not list '${required}'`, { file: required });
  }
  for (const [name, hex] of Object.entries(listed)) {
    const actual = await sha256Hex(need(name));
    if (actual !== hex) {
      throw new BundleError(`${WHO2}: sha256 mismatch for '${name}': ${f} says ${String(hex)}, file has ${actual}`, { file: name });
    }
  }
}
function resolveFixedGrid(cfg, st) {
  const w = cfg.wavelength;
  const ref = w?.fixed;
  if (!ref || Array.isArray(ref) || typeof ref !== "object") return cfg;
  const name = typeof ref.tensor === "string" ? ref.tensor : WAVELENGTH_TENSOR;
  const t = st.tensors.get(name);
  if (!t) throw new BundleError(`${WHO2}: ${BUNDLE_FILES.weights} is missing tensor '${name}' (the fixed wavelength grid named in config.wavelength.fixed)`, { file: BUNDLE_FILES.weights, tensor: name });
  if (t.dtype !== "F64" || t.shape.length !== 1 || ref.length !== void 0 && t.shape[0] !== ref.length) {
    throw new BundleError(`${WHO2}: tensor '${name}' must be F64 [${String(ref.length ?? "M")}]; got ${t.dtype} [${t.shape.join(", ")}]`, { file: BUNDLE_FILES.weights, tensor: name });
  }
  return { ...cfg, wavelength: { ...w, fixed: Array.from(t.data) } };
}
var WHO2;
var init_decodeBundle = __esm({
  "../../packages/emulator-core/src/decodeBundle.ts"() {
    "use strict";
    init_bundleLayout();
    init_emulatorConfigSchema();
    init_errors3();
    init_fingerprint();
    init_readSafetensors();
    init_registry();
    init_sha256();
    WHO2 = "loadEmulator";
  }
});

// ../../packages/emulator-core/src/saveEmulator.ts
async function saveEmulator(dir, emulator, options = {}) {
  const fs = await import("node:fs/promises");
  const path = await import("node:path");
  const files = await encodeBundle(emulator, options);
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  const exists = await fs.stat(target).then(() => true, () => false);
  if (exists && !options.overwrite) {
    throw new BundleError(`saveEmulator: '${target}' already exists; pass { overwrite: true } to replace it`);
  }
  await fs.mkdir(parent, { recursive: true });
  const tag = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const tmp = path.join(parent, `.${base}.tmp-${tag}`);
  await fs.mkdir(tmp);
  try {
    for (const [name, bytes] of files) await fs.writeFile(path.join(tmp, name), bytes);
    if (exists) {
      const old = path.join(parent, `.${base}.old-${tag}`);
      await fs.rename(target, old);
      await fs.rename(tmp, target);
      await fs.rm(old, { recursive: true, force: true });
    } else {
      await fs.rename(tmp, target);
    }
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return JSON.parse(new TextDecoder().decode(files.get(BUNDLE_FILES.integrity)));
}
var init_saveEmulator = __esm({
  "../../packages/emulator-core/src/saveEmulator.ts"() {
    "use strict";
    init_bundleLayout();
    init_encodeBundle();
    init_errors3();
  }
});

// ../../packages/emulator-core/src/loadEmulator.ts
async function loadEmulator(dir, options = {}) {
  const fs = await import("node:fs/promises");
  const path = await import("node:path");
  const stat = await fs.stat(dir).catch(() => void 0);
  if (!stat?.isDirectory()) throw new BundleError(`loadEmulator: '${dir}' is not a bundle folder (no such directory)`);
  const files = /* @__PURE__ */ new Map();
  for (const name of Object.values(BUNDLE_FILES)) {
    const bytes = await fs.readFile(path.join(dir, name)).catch(() => void 0);
    if (bytes) files.set(name, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  return decodeBundle(files, options);
}
var init_loadEmulator = __esm({
  "../../packages/emulator-core/src/loadEmulator.ts"() {
    "use strict";
    init_bundleLayout();
    init_decodeBundle();
    init_errors3();
  }
});

// ../../packages/emulator-core/src/index.ts
var init_src2 = __esm({
  "../../packages/emulator-core/src/index.ts"() {
    "use strict";
    init_labelSpec();
    init_scaleLabels();
    init_domainChecks();
    init_emulatorConfigSchema();
    init_registry();
    init_saveEmulator();
    init_loadEmulator();
    init_readSafetensors();
    init_writeSafetensors();
    init_errors3();
  }
});

// ../../packages/crb/src/symmetricEigen.ts
function symmetricEigen(a, n, maxSweeps = 100) {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = 0.5 * (a[i * n + j] + a[j * n + i]);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += m[i * n + i] * m[i * n + i];
      for (let j = i + 1; j < n; j++) off += m[i * n + j] * m[i * n + j];
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        const app = m[p * n + p];
        const aqq = m[q * n + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p];
          const mkq = m[k * n + q];
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k];
          const mqk = m[q * n + k];
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[i * n + i] - m[j * n + j]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, k) => {
    values[k] = m[src * n + src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = v[i * n + src];
  });
  return { values, vectors };
}
var init_symmetricEigen = __esm({
  "../../packages/crb/src/symmetricEigen.ts"() {
    "use strict";
  }
});

// ../../packages/crb/src/invertSymmetric.ts
function invertSymmetric(a, n, options = {}) {
  const rcond = options.rcond ?? 1e-12;
  const warnCondition = options.warnCondition ?? 1e10;
  const warnings = [];
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * n + i]));
  const unconstrained = Array.from({ length: n }, (_, i) => !(a[i * n + i] > Math.max(1e-300, 1e-14 * maxDiag)));
  const keep3 = Array.from({ length: n }, (_, i) => i).filter((i) => !unconstrained[i]);
  const k = keep3.length;
  const inverse = new Float64Array(n * n);
  let conditionNumber = Infinity;
  if (k > 0) {
    const d = keep3.map((i) => 1 / Math.sqrt(a[i * n + i]));
    const c = new Float64Array(k * k);
    for (let r = 0; r < k; r++) for (let s = 0; s < k; s++) c[r * k + s] = a[keep3[r] * n + keep3[s]] * d[r] * d[s];
    const { values, vectors } = symmetricEigen(c, k);
    const lmax = values[k - 1];
    const lmin = values[0];
    const cut = rcond * lmax;
    conditionNumber = lmin > cut ? lmax / lmin : Infinity;
    const nullRow = new Array(k).fill(false);
    for (let e = 0; e < k; e++) {
      if (values[e] > cut) continue;
      for (let r = 0; r < k; r++) if (Math.abs(vectors[r * k + e]) > 1e-8) nullRow[r] = true;
    }
    for (let r = 0; r < k; r++) {
      for (let s = 0; s < k; s++) {
        let sum4 = 0;
        for (let e = 0; e < k; e++) if (values[e] > cut) sum4 += vectors[r * k + e] * vectors[s * k + e] / values[e];
        inverse[keep3[r] * n + keep3[s]] = sum4 * d[r] * d[s];
      }
      if (nullRow[r]) unconstrained[keep3[r]] = true;
    }
    if (conditionNumber > warnCondition) {
      warnings.push(`invertSymmetric: matrix is ill-conditioned (condition number ${conditionNumber.toExponential(2)} > ${warnCondition.toExponential(0)}); bounds of nearly degenerate labels are unreliable`);
    }
  }
  for (let i = 0; i < n; i++) if (unconstrained[i]) inverse[i * n + i] = Infinity;
  return { inverse, conditionNumber, unconstrained, warnings };
}
var init_invertSymmetric = __esm({
  "../../packages/crb/src/invertSymmetric.ts"() {
    "use strict";
    init_symmetricEigen();
  }
});

// ../../packages/crb/src/cholesky.ts
function cholesky(a, n) {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
    if (!(d > 0) || !Number.isFinite(d)) return null;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}
function choleskySolve(l, b, n) {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}
var init_cholesky = __esm({
  "../../packages/crb/src/cholesky.ts"() {
    "use strict";
  }
});

// ../../packages/crb/src/index.ts
var init_src3 = __esm({
  "../../packages/crb/src/index.ts"() {
    "use strict";
    init_cholesky();
    init_invertSymmetric();
  }
});

// ../../packages/inference/src/cosineSchedule.ts
function cosineSchedule(t, T, peak, warmupFraction = 0.1) {
  const warm = Math.max(1, Math.round(warmupFraction * T));
  if (t < warm) return peak * (t + 1) / warm;
  const p = (t - warm) / Math.max(1, T - warm);
  return 0.5 * peak * (1 + Math.cos(Math.PI * Math.min(1, p)));
}
var init_cosineSchedule = __esm({
  "../../packages/inference/src/cosineSchedule.ts"() {
    "use strict";
  }
});

// ../../packages/inference/src/adamProtocol.ts
import * as tf22 from "@tensorflow/tfjs";
function adamProtocol(model, theta0, rowSpectrum, lo, hi, options = {}) {
  const T = options.steps ?? 2e3;
  const peak = options.peakLearningRate ?? 0.1;
  const clip = options.clipNorm ?? 10;
  const rvScale = options.rvScale ?? 1;
  const P = model.P;
  const R = rowSpectrum.length;
  const scale = Float64Array.from({ length: P }, (_, i) => i === model.rvIndex ? rvScale : 1);
  const init = Float32Array.from(theta0, (v2, i) => v2 / scale[i % P]);
  const n = tf22.tensor2d(Float32Array.from(rowSpectrum, (s) => Math.max(1, model.batch.used[s])), [R, 1]);
  const loT = tf22.tensor1d(Float32Array.from(lo, (v2, i) => v2 / scale[i]));
  const hiT = tf22.tensor1d(Float32Array.from(hi, (v2, i) => v2 / scale[i]));
  let p = tf22.tensor2d(init, [R, P]);
  let m = tf22.zerosLike(p);
  let v = tf22.zerosLike(p);
  const loss = (x) => model.chi2Tensor(x, rowSpectrum, rvScale).reshape([R, 1]).div(n).sum();
  for (let t = 0; t < T; t++) {
    const lr = cosineSchedule(t, T, peak, options.warmupFraction ?? 0.1);
    const next = tf22.tidy(() => {
      let g = tf22.grad(loss)(p);
      g = tf22.where(tf22.isFinite(g), g, tf22.zerosLike(g));
      const norm = tf22.sqrt(g.square().sum(1, true));
      g = g.mul(tf22.minimum(1, tf22.div(clip, norm.add(1e-12))));
      const m1 = m.mul(0.9).add(g.mul(0.1));
      const v1 = v.mul(0.999).add(g.square().mul(1e-3));
      const mh = m1.div(1 - 0.9 ** (t + 1));
      const vh = v1.div(1 - 0.999 ** (t + 1));
      const p1 = tf22.minimum(tf22.maximum(p.sub(mh.mul(lr).div(vh.sqrt().add(1e-8))), loT), hiT);
      return [p1, m1, v1];
    });
    p.dispose();
    m.dispose();
    v.dispose();
    [p, m, v] = next;
    if ((t + 1) % 50 === 0 || t === T - 1) options.onStep?.(t + 1, T);
  }
  const out = Float64Array.from(p.dataSync(), (x, i) => x * scale[i % P]);
  for (const t of [p, m, v, n, loT, hiT]) t.dispose();
  return out;
}
var init_adamProtocol = __esm({
  "../../packages/inference/src/adamProtocol.ts"() {
    "use strict";
    init_cosineSchedule();
  }
});

// ../../packages/inference/src/broadenTensor.ts
import * as tf23 from "@tensorflow/tfjs";
function bandedKernel(wavelength, halfWidthA, kernel) {
  const n = wavelength.length;
  const width = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const lo = j > 0 ? wavelength[j - 1] : wavelength[j];
    const hi = j < n - 1 ? wavelength[j + 1] : wavelength[j];
    width[j] = n > 1 ? (hi - lo) / (j > 0 && j < n - 1 ? 2 : 1) : 1;
  }
  const ranges = [];
  let h = 0;
  for (let i = 0; i < n; i++) {
    const hw = halfWidthA(i);
    let lo = i;
    let hi = i;
    while (lo > 0 && wavelength[lo - 1] >= wavelength[i] - hw) lo--;
    while (hi < n - 1 && wavelength[hi + 1] <= wavelength[i] + hw) hi++;
    ranges.push([lo, hi]);
    h = Math.max(h, i - lo, hi - i);
  }
  const W = 2 * h + 1;
  const weights = new Float32Array(n * W);
  const row = new Float64Array(W);
  for (let i = 0; i < n; i++) {
    row.fill(0);
    let s = 0;
    for (let j = ranges[i][0]; j <= ranges[i][1]; j++) {
      const k = kernel(wavelength[j] - wavelength[i], i) * width[j];
      row[j - i + h] = k;
      s += k;
    }
    for (let o = 0; o < W; o++) weights[i * W + o] = s > 0 ? row[o] / s : o === h ? 1 : 0;
  }
  return { halfWidth: h, weights, pixels: n };
}
function applyBandedKernel(kernel, flux) {
  return tf23.tidy(() => {
    const { halfWidth: h, pixels: n } = kernel;
    const W = 2 * h + 1;
    const w = tf23.tensor2d(kernel.weights, [n, W]);
    const padded = tf23.pad(flux, [[0, 0], [h, h]]);
    let out = tf23.zerosLike(flux);
    for (let o = 0; o < W; o++) out = out.add(padded.slice([0, o], [-1, n]).mul(w.slice([0, o], [-1, 1]).reshape([1, n])));
    return out;
  });
}
function gaussianLsfOperator(wavelength, resolvingPower) {
  if (!(resolvingPower > 0)) throw new DomainError3(`Argument 'resolvingPower' passed to 'gaussianLsfOperator' must be > 0; got ${resolvingPower}`);
  if (resolvingPower === Infinity) return (f) => f.clone();
  const sigma = (i) => wavelength[i] / resolvingPower * FWHM_TO_SIGMA2;
  const k = bandedKernel(wavelength, (i) => 4 * sigma(i), (d, i) => Math.exp(-0.5 * d * d / (sigma(i) * sigma(i))));
  return (f) => applyBandedKernel(k, f);
}
function rotationalBroadeningOperator(wavelength, vsiniKms, limbDarkening = 0.6) {
  if (!(vsiniKms >= 0) || !Number.isFinite(vsiniKms)) throw new DomainError3(`Argument 'vsiniKms' passed to 'rotationalBroadeningOperator' must be finite and \u2265 0; got ${vsiniKms}`);
  if (vsiniKms === 0) return (f) => f.clone();
  const c1 = 2 * (1 - limbDarkening);
  const c2 = Math.PI * limbDarkening / 2;
  const dl = (i) => wavelength[i] * vsiniKms / SPEED_OF_LIGHT_KMS;
  const k = bandedKernel(wavelength, dl, (d, i) => {
    const x = d / dl(i);
    const u = 1 - x * x;
    return u <= 0 ? d === 0 ? 1 : 0 : c1 * Math.sqrt(u) + c2 * u;
  });
  return (f) => applyBandedKernel(k, f);
}
var FWHM_TO_SIGMA2;
var init_broadenTensor = __esm({
  "../../packages/inference/src/broadenTensor.ts"() {
    "use strict";
    init_src2();
    init_src();
    FWHM_TO_SIGMA2 = 1 / (2 * Math.sqrt(2 * Math.log(2)));
  }
});

// ../../packages/inference/src/crossCorrelationRv.ts
import * as tf24 from "@tensorflow/tfjs";
function crossCorrelationRv(model, templateTheta, vmin, vmax) {
  const batch = model.batch;
  const S = batch.index.length;
  const K = batch.K;
  const step = Math.max(Math.min(...batch.pixelVelocity), 0.05);
  const T = Math.max(3, Math.ceil((vmax - vmin) / step) + 1);
  const trials = Float64Array.from({ length: T }, (_, t) => vmin + (vmax - vmin) * t / (T - 1));
  const all = Int32Array.from({ length: S }, (_, s) => s);
  const rest = model.restFlux(model.physicalLabels(templateTheta, all), all);
  const v = new Float64Array(S);
  const atEdge = [];
  const chunk = Math.max(1, Math.floor(4e6 / (T * K)));
  for (let s0 = 0; s0 < S; s0 += chunk) {
    const s1 = Math.min(S, s0 + chunk);
    const rows = Int32Array.from({ length: (s1 - s0) * T }, (_, i) => s0 + Math.floor(i / T));
    const score = tf24.tidy(() => {
      const m = model.shift(rest, rows, tf24.tensor1d(Float32Array.from(rows, (_, i) => trials[i % T])), rows);
      const { y, w } = model.data(rows);
      const ind = tf24.cast(tf24.greater(w, 0), "float32");
      const n = ind.sum(1, true);
      const yc = y.sub(y.mul(ind).sum(1, true).div(n)).mul(ind);
      const mc = m.sub(m.mul(ind).sum(1, true).div(n)).mul(ind);
      return yc.mul(mc).sum(1).div(tf24.sqrt(mc.square().sum(1).mul(yc.square().sum(1))).add(1e-30));
    });
    const sc = score.dataSync();
    score.dispose();
    for (let s = s0; s < s1; s++) {
      const o = (s - s0) * T;
      let best = 0;
      for (let t = 1; t < T; t++) if (sc[o + t] > sc[o + best]) best = t;
      let vb = trials[best];
      if (best > 0 && best < T - 1) {
        const [a, b, c] = [sc[o + best - 1], sc[o + best], sc[o + best + 1]];
        const den = a - 2 * b + c;
        if (den < 0) vb += 0.5 * (a - c) / den * (trials[1] - trials[0]);
      }
      v[s] = vb;
      atEdge[s] = best === 0 || best === T - 1;
    }
  }
  rest.dispose();
  return { v, atEdge };
}
var init_crossCorrelationRv = __esm({
  "../../packages/inference/src/crossCorrelationRv.ts"() {
    "use strict";
  }
});

// ../../packages/inference/src/levenbergMarquardt.ts
function levenbergMarquardt(model, theta0, rowSpectrum, lo, hi, options = {}) {
  const P = model.P;
  const R = rowSpectrum.length;
  const maxIt = options.maxIterations ?? 50;
  const tol = options.chi2Tolerance ?? 1e-3;
  const h = options.step ?? 1e-3;
  const theta = Float64Array.from(theta0);
  const chi2 = new Float64Array(R).fill(Infinity);
  const A = new Float64Array(R * P * P);
  const g = new Float64Array(R * P);
  const lambda = new Float64Array(R).fill(options.lambda ?? 1e-3);
  const needJ = new Array(R).fill(true);
  const active = new Array(R).fill(true);
  const converged = new Array(R).fill(false);
  const iterations = new Int32Array(R);
  const pick = (rows) => {
    const th = new Float64Array(rows.length * P);
    rows.forEach((r, i) => th.set(theta.subarray(r * P, (r + 1) * P), i * P));
    return th;
  };
  const refreshJ = (rows) => {
    if (rows.length === 0) return;
    const ne = model.normalEquations(pick(rows), Int32Array.from(rows, (r) => rowSpectrum[r]), true, h);
    rows.forEach((r, i) => {
      chi2[r] = ne.chi2[i];
      A.set(ne.A.subarray(i * P * P, (i + 1) * P * P), r * P * P);
      g.set(ne.g.subarray(i * P, (i + 1) * P), r * P);
      needJ[r] = false;
    });
  };
  for (let it = 0; it < maxIt; it++) {
    refreshJ([...Array(R).keys()].filter((r) => active[r] && needJ[r]));
    const rows = [];
    const trial = [];
    for (let r = 0; r < R; r++) {
      if (!active[r]) continue;
      const Ar = A.subarray(r * P * P, (r + 1) * P * P);
      const gr = g.subarray(r * P, (r + 1) * P);
      let maxDiag = 0;
      for (let i = 0; i < P; i++) maxDiag = Math.max(maxDiag, Ar[i * P + i]);
      const M = Float64Array.from(Ar);
      for (let i = 0; i < P; i++) M[i * P + i] += lambda[r] * Ar[i * P + i] + 1e-12 * maxDiag + 1e-300;
      const Lf = cholesky(M, P);
      const delta = Lf ? choleskySolve(Lf, gr, P) : new Float64Array(P);
      let predicted = 0;
      for (let i = 0; i < P; i++) {
        const t = Math.min(hi[i], Math.max(lo[i], theta[r * P + i] + delta[i]));
        delta[i] = t - theta[r * P + i];
      }
      for (let i = 0; i < P; i++) {
        let ad = 0;
        for (let j = 0; j < P; j++) ad += Ar[i * P + j] * delta[j];
        predicted += 2 * delta[i] * gr[i] - delta[i] * ad;
      }
      iterations[r]++;
      if (!(predicted > tol) || !Lf) {
        active[r] = false;
        converged[r] = true;
        continue;
      }
      rows.push(r);
      for (let i = 0; i < P; i++) trial.push(theta[r * P + i] + delta[i]);
    }
    options.onIteration?.(it, rows.length);
    if (rows.length === 0) break;
    const ne = model.normalEquations(Float64Array.from(trial), Int32Array.from(rows, (r) => rowSpectrum[r]), false, h);
    rows.forEach((r, i) => {
      if (ne.chi2[i] < chi2[r]) {
        theta.set(trial.slice(i * P, (i + 1) * P), r * P);
        chi2[r] = ne.chi2[i];
        lambda[r] = Math.max(lambda[r] / 10, 1e-9);
        needJ[r] = true;
      } else {
        lambda[r] *= 10;
        if (lambda[r] > 1e10) {
          active[r] = false;
          converged[r] = true;
        }
      }
    });
  }
  refreshJ([...Array(R).keys()].filter((r) => needJ[r]));
  return { theta, chi2, A, converged, iterations };
}
var init_levenbergMarquardt = __esm({
  "../../packages/inference/src/levenbergMarquardt.ts"() {
    "use strict";
    init_src3();
  }
});

// ../../packages/inference/src/linearContinuum.ts
function linearContinuum(batch, E, rowSpectrum) {
  const { K, C } = batch;
  const R = rowSpectrum.length;
  const coef = new Float64Array(R * C);
  const chi2 = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    const s = rowSpectrum[r];
    if (C > 0) {
      const M = new Float64Array(C * C);
      const b = new Float64Array(C);
      for (let k = 0; k < K; k++) {
        const w = batch.w[s * K + k];
        if (w === 0) continue;
        const e = E[r * K + k];
        const base = (s * K + k) * C;
        for (let i = 0; i < C; i++) {
          const bi = batch.basis[base + i] * e * w;
          b[i] += bi * batch.y[s * K + k];
          for (let j = 0; j < C; j++) M[i * C + j] += bi * batch.basis[base + j] * e;
        }
      }
      for (let i = 0; i < C; i++) M[i * C + i] += 1e-12 * (M[i * C + i] || 1);
      const Lf = cholesky(M, C);
      const c = Lf ? choleskySolve(Lf, b, C) : Float64Array.from({ length: C }, (_, i) => i % (batch.degree + 1) === 0 ? 1 : 0);
      coef.set(c, r * C);
    }
    let x2 = 0;
    for (let k = 0; k < K; k++) {
      const w = batch.w[s * K + k];
      if (w === 0) continue;
      let cont = C > 0 ? 0 : 1;
      for (let i = 0; i < C; i++) cont += coef[r * C + i] * batch.basis[(s * K + k) * C + i];
      const d = batch.y[s * K + k] - E[r * K + k] * cont;
      x2 += w * d * d;
    }
    chi2[r] = x2;
  }
  return { coef, chi2 };
}
var init_linearContinuum = __esm({
  "../../packages/inference/src/linearContinuum.ts"() {
    "use strict";
    init_src3();
  }
});

// ../../packages/inference/src/prepareSpectra.ts
function prepareSpectra(emulator, spectra, options, vmin, vmax, nParams) {
  const errors = /* @__PURE__ */ new Map();
  const domain = emulator.wavelength;
  const fixed = domain.fixed;
  const lo = (fixed ? fixed[0] : domain.min) * dopplerFactor(vmax);
  const hi = (fixed ? fixed[fixed.length - 1] : domain.max) * dopplerFactor(vmin);
  const degree = options.continuum && options.continuum.degree >= 0 ? Math.floor(options.continuum.degree) : -1;
  const segs = options.continuum?.segments;
  const nSeg = degree < 0 ? 0 : segs?.length ?? 1;
  const C = nSeg * (degree + 1);
  const good = [];
  const index = [];
  spectra.forEach((s, i) => {
    const who = `fitSpectra: spectrum ${i}`;
    const n = s.wavelength?.length ?? 0;
    if (n === 0) return void errors.set(i, `${who} has no pixels`);
    if (s.flux.length !== n || s.ivar.length !== n || s.mask && s.mask.length !== n) {
      return void errors.set(i, `${who}: flux, ivar and mask must have the ${n} values of wavelength; got ${s.flux.length}, ${s.ivar.length}, ${s.mask?.length ?? "no mask"}`);
    }
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(s.wavelength[j]) || j > 0 && !(s.wavelength[j] > s.wavelength[j - 1])) {
        return void errors.set(i, `${who}: wavelength must be finite and increasing; pixel ${j} (${s.wavelength[j]} \xC5) \u2264 pixel ${j - 1}`);
      }
    }
    const g = Array.from({ length: n }, (_, j) => {
      const lam = s.wavelength[j];
      const inSeg = !segs || segs.some(([a, b]) => lam >= a && lam <= b);
      return (s.mask?.[j] ?? 0) === 0 && s.ivar[j] > 0 && Number.isFinite(s.ivar[j]) && Number.isFinite(s.flux[j]) && lam >= lo && lam <= hi && inSeg;
    });
    const count = g.filter(Boolean).length;
    if (count <= nParams) {
      return void errors.set(i, `${who} has ${count} usable pixels (need > ${nParams}): pixels must be unmasked, finite, ivar > 0 and within ${lo.toFixed(2)}\u2013${hi.toFixed(2)} \xC5 (the emulator's ${domain.min}\u2013${domain.max} \xC5 over the RV range ${vmin}\u2026${vmax} km/s); spectrum covers ${s.wavelength[0]}\u2013${s.wavelength[n - 1]} \xC5`);
    }
    good[i] = g;
    index.push(i);
  });
  let restWavelength;
  if (fixed) restWavelength = fixed;
  else {
    let a = Infinity;
    let b = -Infinity;
    let du = Infinity;
    for (const i of index) {
      const w2 = spectra[i].wavelength;
      a = Math.min(a, w2[0] / dopplerFactor(vmax));
      b = Math.max(b, w2[w2.length - 1] / dopplerFactor(vmin));
      const steps = Array.from({ length: w2.length - 1 }, (_, j) => Math.log(w2[j + 1] / w2[j])).sort((x, y2) => x - y2);
      du = Math.min(du, steps[Math.floor(steps.length / 2)] ?? Infinity);
    }
    a = Math.max(a, domain.min);
    b = Math.min(b, domain.max);
    du /= options.oversample ?? 4;
    const n = index.length ? Math.ceil(Math.log(b / a) / du) + 1 : 2;
    restWavelength = Float64Array.from({ length: n }, (_, j) => index.length ? a * Math.exp(j * du) : domain.min + j);
  }
  const S = index.length;
  const K = Math.max(1, ...index.map((i) => spectra[i].wavelength.length));
  const q = new Float32Array(S * K);
  const y = new Float32Array(S * K);
  const w = new Float32Array(S * K);
  const basis = new Float32Array(S * K * C);
  const used = new Int32Array(S);
  const pixelVelocity = new Float64Array(S);
  const ref = restWavelength[0];
  index.forEach((i, s) => {
    const sp = spectra[i];
    const n = sp.wavelength.length;
    const wl = sp.wavelength;
    const ranges = segs ?? [[wl[0], wl[n - 1]]];
    const dv = Array.from({ length: n - 1 }, (_, j) => C_KMS * Math.log(wl[j + 1] / wl[j])).sort((a, b) => a - b);
    pixelVelocity[s] = dv[Math.floor(dv.length / 2)] ?? 1;
    for (let j = 0; j < K; j++) {
      const o = s * K + j;
      if (j >= n) {
        q[o] = q[o - 1];
        continue;
      }
      q[o] = Math.log(wl[j] / ref);
      if (!good[i][j]) {
        y[o] = 1;
        continue;
      }
      y[o] = sp.flux[j];
      w[o] = sp.ivar[j];
      used[s]++;
      if (C > 0) {
        const k = ranges.findIndex(([a2, b2]) => wl[j] >= a2 && wl[j] <= b2);
        const [a, b] = ranges[k];
        const x = b > a ? 2 * (wl[j] - a) / (b - a) - 1 : 0;
        for (let d = 0; d <= degree; d++) basis[o * C + k * (degree + 1) + d] = x ** d;
      }
    }
  });
  return { index, errors, restWavelength, passWavelength: !fixed, K, q, y, w, basis, C, segments: nSeg, degree, used, pixelVelocity };
}
var C_KMS;
var init_prepareSpectra = __esm({
  "../../packages/inference/src/prepareSpectra.ts"() {
    "use strict";
    init_src();
    C_KMS = 299792.458;
  }
});

// ../../packages/inference/src/interpolateTensor.ts
import * as tf25 from "@tensorflow/tfjs";
function interpolateTensor(x, y, query, uniformStep, rowOf) {
  const n = x.shape[0];
  const R = query.shape[0];
  const K = query.shape[1];
  const xs = x.dataSync();
  const qd = query.dataSync();
  const lo = new Int32Array(R * K);
  const t = new Float32Array(R * K);
  const slope = new Float32Array(R * K);
  for (let r = 0; r < R; r++) {
    const base = (rowOf ? rowOf[r] : r) * n;
    for (let k = 0; k < K; k++) {
      const q = Math.min(xs[n - 1], Math.max(xs[0], qd[r * K + k]));
      let i;
      if (uniformStep) i = Math.floor((q - xs[0]) / uniformStep);
      else {
        let a = 0;
        let b = n - 1;
        while (b - a > 1) {
          const m = a + b >> 1;
          if (xs[m] <= q) a = m;
          else b = m;
        }
        i = a;
      }
      i = Math.min(n - 2, Math.max(0, i));
      if (xs[i] > q && i > 0) i--;
      if (xs[i + 1] < q && i < n - 2) i++;
      const inside = qd[r * K + k] > xs[0] && qd[r * K + k] < xs[n - 1];
      lo[r * K + k] = base + i;
      t[r * K + k] = (q - xs[i]) / (xs[i + 1] - xs[i]);
      slope[r * K + k] = inside ? 1 / (xs[i + 1] - xs[i]) : 0;
    }
  }
  const flatRows = y.shape[0] * n;
  const f = tf25.customGrad(((yy, qq, save) => {
    const idx0 = tf25.tensor2d(lo, [R, K], "int32");
    const idx1 = idx0.add(tf25.scalar(1, "int32"));
    const tt = tf25.tensor2d(t, [R, K]);
    const flat = yy.reshape([flatRows]);
    const y0 = tf25.gather(flat, idx0);
    const y1 = tf25.gather(flat, idx1);
    save([idx0, idx1, tt, y1.sub(y0)]);
    void qq;
    return {
      value: y0.add(tt.mul(y1.sub(y0))),
      gradFunc: (dy, saved) => {
        const [i0, i1, ts, dyy] = saved;
        const idx = tf25.concat([i0.reshape([R * K, 1]), i1.reshape([R * K, 1])]);
        const upd = tf25.concat([dy.mul(tf25.sub(1, ts)).reshape([R * K]), dy.mul(ts).reshape([R * K])]);
        const gy = tf25.scatterND(idx, upd, [flatRows]).reshape(yy.shape);
        const gq = dy.mul(dyy).mul(tf25.tensor2d(slope, [R, K]));
        return [gy, gq];
      }
    };
  }));
  return f(y, query);
}
var init_interpolateTensor = __esm({
  "../../packages/inference/src/interpolateTensor.ts"() {
    "use strict";
  }
});

// ../../packages/inference/src/spectrumModel.ts
import * as tf26 from "@tensorflow/tfjs";
var SpectrumModel;
var init_spectrumModel = __esm({
  "../../packages/inference/src/spectrumModel.ts"() {
    "use strict";
    init_src();
    init_interpolateTensor();
    SpectrumModel = class {
      constructor(emulator, batch, free, fixedPhys, rvFit, rvFixed, operator, maxRows) {
        this.emulator = emulator;
        this.batch = batch;
        this.free = free;
        this.fixedPhys = fixedPhys;
        this.rvFit = rvFit;
        this.rvFixed = rvFixed;
        this.operator = operator;
        this.maxRows = maxRows;
        this.PL = free.length;
        this.rvIndex = rvFit ? this.PL : -1;
        this.contOffset = this.PL + (rvFit ? 1 : 0);
        this.P = this.contOffset + batch.C;
        const S = batch.index.length;
        const { K, C } = batch;
        this.evaluations = new Float64Array(S);
        const rw = batch.restWavelength;
        this.x = tf26.keep(tf26.tensor1d(Float32Array.from(rw, (w) => Math.log(w / rw[0]))));
        this.qT = tf26.keep(tf26.tensor2d(batch.q, [S, K]));
        this.yT = tf26.keep(tf26.tensor2d(batch.y, [S, K]));
        this.wT = tf26.keep(tf26.tensor2d(batch.w, [S, K]));
        this.basisT = C > 0 ? tf26.keep(tf26.tensor3d(batch.basis, [S, K, C])) : null;
        const n = rw.length;
        this.restPixelVelocity = SPEED_OF_LIGHT_KMS * Math.log(rw[n - 1] / rw[0]) / Math.max(1, n - 1);
        const du = Math.log(rw[n - 1] / rw[0]) / Math.max(1, n - 1);
        let uniform = n > 1;
        for (let i = 1; i < n && uniform; i++) uniform = Math.abs(Math.log(rw[i] / rw[0]) - i * du) < 1e-4 * du;
        this.uniformStep = uniform ? du : void 0;
      }
      emulator;
      batch;
      free;
      fixedPhys;
      rvFit;
      rvFixed;
      operator;
      maxRows;
      P;
      PL;
      rvIndex;
      contOffset;
      /** Emulator rows predicted per spectrum of the batch. */
      evaluations;
      x;
      qT;
      yT;
      wT;
      basisT;
      restPixelVelocity;
      /** ln-λ step when the rest grid is log-uniform (to 1e-4 of a pixel), else undefined. */
      uniformStep;
      dispose() {
        for (const t of [this.x, this.qT, this.yT, this.wT, this.basisT]) t?.dispose();
      }
      /** Physical label rows [R, L] for parameter rows (host, float64). */
      physicalLabels(theta, rowSpectrum) {
        const L = this.emulator.labels.length;
        const R = rowSpectrum.length;
        const out = new Float64Array(R * L);
        for (let r = 0; r < R; r++) {
          out.set(this.fixedPhys.subarray(rowSpectrum[r] * L, (rowSpectrum[r] + 1) * L), r * L);
          this.free.forEach((c, p) => {
            const { min, max } = this.emulator.labels[c];
            out[r * L + c] = min + (theta[r * this.P + p] + 0.5) * (max - min);
          });
        }
        return out;
      }
      /** Rest-frame flux [R, N] for physical label rows, chunked (not for gradients). */
      restFlux(labels, rowSpectrum) {
        const L = this.emulator.labels.length;
        const R = labels.length / L;
        const parts = [];
        for (let r0 = 0; r0 < R; r0 += this.maxRows) {
          const r1 = Math.min(R, r0 + this.maxRows);
          parts.push(tf26.tidy(() => this.predict(tf26.tensor2d(Float32Array.from(labels.subarray(r0 * L, r1 * L)), [r1 - r0, L]))));
        }
        for (let r = 0; r < R; r++) this.evaluations[rowSpectrum[r]]++;
        const out = parts.length === 1 ? parts[0] : tf26.concat(parts);
        if (parts.length > 1) parts.forEach((p) => p.dispose());
        return out;
      }
      predict(labels) {
        const f = this.emulator.predict(labels, this.batch.passWavelength ? this.batch.restWavelength : void 0);
        if (!this.operator) return f;
        const g = this.operator(f);
        f.dispose();
        return g;
      }
      /** Rest flux [R, N] → observed-frame emulator flux [R, K] at velocities v [R] (no continuum). */
      shift(rest, rowSpectrum, v, restRow) {
        return tf26.tidy(() => {
          const q = tf26.gather(this.qT, tf26.tensor1d(rowSpectrum, "int32"));
          const s = tf26.atanh(v.div(SPEED_OF_LIGHT_KMS)).reshape([-1, 1]);
          return interpolateTensor(this.x, rest, q.sub(s), this.uniformStep, restRow);
        });
      }
      /** Continuum [R, K] from coefficient rows [R, C] (ones when there is no continuum). */
      continuum(coef, rowSpectrum) {
        return tf26.tidy(() => {
          if (!this.basisT) return tf26.ones([rowSpectrum.length, this.batch.K]);
          const b = tf26.gather(this.basisT, tf26.tensor1d(rowSpectrum, "int32"));
          return tf26.sum(b.mul(coef.expandDims(1)), 2);
        });
      }
      /** Data rows y, w [R, K] for the spectra of the rows. */
      data(rowSpectrum) {
        return tf26.tidy(() => {
          const i = tf26.tensor1d(rowSpectrum, "int32");
          return { y: tf26.gather(this.yT, i), w: tf26.gather(this.wT, i) };
        });
      }
      velocities(theta, rowSpectrum) {
        return Float32Array.from(rowSpectrum, (s, r) => this.rvFit ? theta[r * this.P + this.rvIndex] : this.rvFixed[s]);
      }
      /**
       * Differentiable χ² per row for the Adam protocol: theta [R, P] tensor → [R] (θ's velocity entry in
       * km/s divided by rvScale). Counts R emulator rows.
       */
      chi2Tensor(theta, rowSpectrum, rvScale) {
        const L = this.emulator.labels.length;
        const R = rowSpectrum.length;
        for (let r = 0; r < R; r++) this.evaluations[rowSpectrum[r]]++;
        return tf26.tidy(() => {
          const sel = new Float32Array(this.PL * L);
          const mask = new Float32Array(L);
          const min = new Float32Array(L);
          const range = new Float32Array(L);
          this.emulator.labels.forEach((s2, c) => {
            min[c] = s2.min;
            range[c] = s2.max - s2.min;
          });
          this.free.forEach((c, p) => {
            sel[p * L + c] = 1;
            mask[c] = 1;
          });
          const fixedRows = new Float32Array(R * L);
          for (let r = 0; r < R; r++) fixedRows.set(this.fixedPhys.subarray(rowSpectrum[r] * L, (rowSpectrum[r] + 1) * L), r * L);
          const s = this.PL > 0 ? theta.slice([0, 0], [-1, this.PL]) : tf26.zeros([R, 0]);
          const scaledFull = this.PL > 0 ? tf26.matMul(s, tf26.tensor2d(sel, [this.PL, L])) : tf26.zeros([R, L]);
          const mk = tf26.tensor1d(mask);
          const phys = tf26.tensor2d(fixedRows, [R, L]).mul(tf26.sub(1, mk)).add(scaledFull.add(0.5).mul(tf26.tensor1d(range)).add(tf26.tensor1d(min)).mul(mk));
          const rest = this.predict(phys);
          const v = this.rvFit ? theta.slice([0, this.rvIndex], [-1, 1]).reshape([R]).mul(rvScale) : tf26.tensor1d(Float32Array.from(rowSpectrum, (sp) => this.rvFixed[sp]));
          const e = this.shift(rest, rowSpectrum, v);
          const cont = this.continuum(this.batch.C > 0 ? theta.slice([0, this.contOffset], [-1, this.batch.C]) : tf26.zeros([R, 0]), rowSpectrum);
          const { y, w } = this.data(rowSpectrum);
          return tf26.sum(w.mul(tf26.square(y.sub(e.mul(cont)))), 1);
        });
      }
      /**
       * One batched Gauss–Newton evaluation at parameter rows θ [R, P] (host float64): χ² and, with
       * `jacobian`, JᵀWJ and JᵀWr. Label columns of J by forward differences of step h (scaled units;
       * 1 + P_L emulator rows per row), the velocity column by central differences of the interpolated
       * flux (no extra emulator rows), continuum columns analytically.
       */
      normalEquations(theta, rowSpectrum, jacobian, h) {
        const R = rowSpectrum.length;
        const P = this.P;
        const PL = jacobian ? this.PL : 0;
        const per = 1 + PL;
        const th = new Float64Array(R * per * P);
        const rows = new Int32Array(R * per);
        for (let r = 0; r < R; r++) {
          for (let k = 0; k < per; k++) {
            th.set(theta.subarray(r * P, (r + 1) * P), (r * per + k) * P);
            rows[r * per + k] = rowSpectrum[r];
            if (k > 0) th[(r * per + k) * P + (k - 1)] += h;
          }
        }
        const rest = this.restFlux(this.physicalLabels(th, rows), rows);
        const v = this.velocities(theta, rowSpectrum);
        const out = tf26.tidy(() => {
          const vr = tf26.tensor1d(Float32Array.from(rows, (_, i) => v[Math.floor(i / per)]));
          const E = this.shift(rest, rows, vr).reshape([R, per, this.batch.K]);
          const E0 = E.slice([0, 0, 0], [-1, 1, -1]).reshape([R, this.batch.K]);
          const coef = tf26.tensor2d(Float32Array.from({ length: R * this.batch.C }, (_, i) => theta[Math.floor(i / this.batch.C) * P + this.contOffset + i % this.batch.C]), [R, this.batch.C]);
          const cont = this.continuum(coef, rowSpectrum);
          const { y, w } = this.data(rowSpectrum);
          const resid = y.sub(E0.mul(cont));
          const chi22 = tf26.sum(w.mul(tf26.square(resid)), 1);
          if (!jacobian) return [chi22];
          const cols = [];
          if (PL > 0) cols.push(E.slice([0, 1, 0], [-1, PL, -1]).sub(E0.expandDims(1)).div(h).mul(cont.expandDims(1)).transpose([0, 2, 1]));
          if (this.rvFit) {
            const dv = Math.max(0.5 * this.restPixelVelocity, 1e-3);
            const base = rest.reshape([R, per, -1]).slice([0, 0, 0], [-1, 1, -1]).reshape([R, -1]);
            const vt = tf26.tensor1d(v);
            const up = this.shift(base, rowSpectrum, vt.add(dv));
            const dn = this.shift(base, rowSpectrum, vt.sub(dv));
            cols.push(up.sub(dn).div(2 * dv).mul(cont).expandDims(2));
          }
          if (this.basisT) cols.push(tf26.gather(this.basisT, tf26.tensor1d(rowSpectrum, "int32")).mul(E0.expandDims(2)));
          const J = tf26.concat(cols, 2);
          const Jw = J.mul(w.expandDims(2));
          const A2 = tf26.matMul(Jw, J, true, false);
          const g2 = tf26.matMul(Jw, resid.expandDims(2), true, false);
          return [chi22, A2, g2];
        });
        rest.dispose();
        const [chi2, A, g] = out.map((t) => {
          const d = Float64Array.from(t.dataSync());
          t.dispose();
          return d;
        });
        return jacobian ? { chi2, A, g } : { chi2 };
      }
      /** Observed-frame emulator flux E [R, K] (host) at parameter rows, for linear continuum solves and χ² with solved continuum. */
      observedFlux(theta, rowSpectrum) {
        const rest = this.restFlux(this.physicalLabels(theta, rowSpectrum), rowSpectrum);
        const e = tf26.tidy(() => this.shift(rest, rowSpectrum, tf26.tensor1d(this.velocities(theta, rowSpectrum))));
        rest.dispose();
        const d = e.dataSync();
        e.dispose();
        return d;
      }
    };
  }
});

// ../../packages/inference/src/fitSpectra.ts
function mulberry323(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
function halton(i, d) {
  const primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];
  const b = primes[d % primes.length];
  let f = 1;
  let r = 0;
  let n = i + Math.floor(d / primes.length) * 7919;
  while (n > 0) {
    f /= b;
    r += f * (n % b);
    n = Math.floor(n / b);
  }
  return r;
}
function fitSpectra(emulator, spectra, options = {}) {
  const who = "fitSpectra";
  const specs = emulator.labels;
  const L = specs.length;
  const names = specs.map((s) => s.name);
  const free = (options.fit ?? names).map((n) => {
    const i = names.indexOf(n);
    if (i < 0) throw new DomainError3(`${who}: options.fit names unknown label '${n}'; expected one of ${names.join(", ")}`);
    return i;
  });
  const vmin = options.rv?.min ?? -500;
  const vmax = options.rv?.max ?? 500;
  if (!(vmin < vmax) || !(Math.abs(vmin) < SPEED_OF_LIGHT_KMS) || !(Math.abs(vmax) < SPEED_OF_LIGHT_KMS)) {
    throw new DomainError3(`${who}: options.rv must have min < max, both below c in magnitude; got [${vmin}, ${vmax}] km/s`);
  }
  const rvFit = options.rv?.fit ?? true;
  const optimizer = options.optimizer ?? "lm";
  const progress = options.onProgress ?? (() => {
  });
  const degree = options.continuum && options.continuum.degree >= 0 ? Math.floor(options.continuum.degree) : -1;
  const nC = degree < 0 ? 0 : (options.continuum?.segments?.length ?? 1) * (degree + 1);
  progress({ phase: "prepare", step: 0, total: spectra.length });
  const batch = prepareSpectra(emulator, spectra, options, vmin, vmax, free.length + (rvFit ? 1 : 0) + nC);
  const S = batch.index.length;
  const results = spectra.map((_, i) => ({
    labels: Object.fromEntries(names.map((n) => [n, NaN])),
    uncertainties: {},
    rv: NaN,
    rvUncertainty: NaN,
    continuum: [],
    chi2: NaN,
    reducedChi2: NaN,
    pixelsUsed: 0,
    emulatorEvaluations: 0,
    iterations: 0,
    converged: false,
    flags: ["error"],
    atBound: [],
    error: batch.errors.get(i) ?? "not fitted"
  }));
  if (S === 0) return results;
  const perSpectrum = (v, s, what) => {
    const x = typeof v === "number" ? v : v[batch.index[s]];
    if (!Number.isFinite(x)) throw new DomainError3(`${who}: ${what} for spectrum ${batch.index[s]} must be finite; got ${x}`);
    return x;
  };
  const fixedPhys = new Float64Array(S * L);
  for (let s = 0; s < S; s++) {
    specs.forEach((sp, c) => {
      const given = options.fixed?.[sp.name];
      fixedPhys[s * L + c] = given === void 0 ? 0.5 * (sp.min + sp.max) : perSpectrum(given, s, `options.fixed.${sp.name}`);
    });
  }
  const rvGiven = options.rv?.value;
  const rvFixed = Float64Array.from({ length: S }, (_, s) => rvGiven === void 0 ? 0 : perSpectrum(rvGiven, s, "options.rv.value"));
  const ops = [];
  if (options.vsini !== void 0 && options.vsini > 0) ops.push(rotationalBroadeningOperator(batch.restWavelength, options.vsini, options.limbDarkening));
  if (options.resolvingPower !== void 0 && Number.isFinite(options.resolvingPower)) ops.push(gaussianLsfOperator(batch.restWavelength, options.resolvingPower));
  const operator = ops.length === 0 ? void 0 : (f) => ops.reduce((x, op) => {
    const y = op(x);
    if (x !== f) x.dispose();
    return y;
  }, f);
  const model = new SpectrumModel(emulator, batch, free, fixedPhys, rvFit, rvFixed, operator, options.maxRows ?? 2048);
  try {
    const P = model.P;
    const lo = new Float64Array(P).fill(-Infinity);
    const hi = new Float64Array(P).fill(Infinity);
    for (let p = 0; p < model.PL; p++) [lo[p], hi[p]] = [-0.5, 0.5];
    if (rvFit) [lo[model.rvIndex], hi[model.rvIndex]] = [vmin, vmax];
    const all = Int32Array.from({ length: S }, (_, s) => s);
    progress({ phase: "rv", step: 0, total: 1 });
    let v0 = rvFixed;
    let ccEdge = new Array(S).fill(false);
    if (rvFit && rvGiven === void 0) {
      const cc = crossCorrelationRv(model, new Float64Array(S * P), vmin, vmax);
      v0 = cc.v;
      ccEdge = cc.atEdge;
    }
    const rand = mulberry323(options.seed ?? 1);
    const makeRows = (labelsScaled, k) => {
      const th = new Float64Array(S * k * P);
      const rows = new Int32Array(S * k);
      for (let s = 0; s < S; s++) {
        for (let j = 0; j < k; j++) {
          const r = s * k + j;
          rows[r] = s;
          for (let p = 0; p < model.PL; p++) th[r * P + p] = labelsScaled(s, j, p);
          if (rvFit) th[r * P + model.rvIndex] = v0[s];
        }
      }
      return { th, rows };
    };
    const withContinuum = (th, rows) => {
      const E = model.observedFlux(th, rows);
      const { coef, chi2 } = linearContinuum(batch, E, rows);
      for (let r = 0; r < rows.length; r++) for (let c = 0; c < batch.C; c++) th[r * P + model.contOffset + c] = coef[r * batch.C + c];
      return chi2;
    };
    let best;
    if (optimizer === "lm") {
      progress({ phase: "initial", step: 0, total: 1 });
      const nCand = (options.initialCandidates ?? 24) + 1;
      const cand = makeRows((_s, j, p) => j === 0 ? 0 : halton(j, p) - 0.5, nCand);
      const chi2 = withContinuum(cand.th, cand.rows);
      const starts = Math.min(options.starts ?? 1, nCand);
      const th0 = new Float64Array(S * starts * P);
      const rows = new Int32Array(S * starts);
      for (let s = 0; s < S; s++) {
        const order = Array.from({ length: nCand }, (_, j) => j).sort((a, b) => chi2[s * nCand + a] - chi2[s * nCand + b]);
        for (let j = 0; j < starts; j++) {
          th0.set(cand.th.subarray((s * nCand + order[j]) * P, (s * nCand + order[j] + 1) * P), (s * starts + j) * P);
          rows[s * starts + j] = s;
        }
      }
      const lm = levenbergMarquardt(model, th0, rows, lo, hi, { ...options.lm, onIteration: (it) => progress({ phase: "lm", step: it + 1, total: options.lm?.maxIterations ?? 50 }) });
      best = pickBest(lm, rows, S, P);
    } else {
      const starts = options.starts ?? 10;
      const init = makeRows(() => rand() - 0.5, starts);
      withContinuum(init.th, init.rows);
      const theta = adamProtocol(model, init.th, init.rows, lo, hi, { ...options.adam, onStep: (t, T) => progress({ phase: "adam", step: t, total: T }) });
      const { chi2 } = model.normalEquations(theta, init.rows, false, 1e-3);
      const sel = pickBest({ theta, chi2, A: new Float64Array(S * starts * P * P), converged: new Array(S * starts).fill(true), iterations: new Int32Array(S * starts).fill(options.adam?.steps ?? 2e3) }, init.rows, S, P);
      progress({ phase: "uncertainty", step: 0, total: 1 });
      const ne = model.normalEquations(sel.theta, all, true, options.lm?.step ?? 1e-3);
      best = { ...sel, chi2: ne.chi2, A: ne.A };
    }
    for (let s = 0; s < S; s++) {
      const i = batch.index[s];
      const th = best.theta.subarray(s * P, (s + 1) * P);
      const inv = invertSymmetric(best.A.subarray(s * P * P, (s + 1) * P * P), P);
      const dof = Math.max(1, batch.used[s] - P);
      const red = best.chi2[s] / dof;
      const inflate = options.scaleByReducedChi2 ? Math.sqrt(Math.max(1, red)) : 1;
      const sd = (p) => Math.sqrt(inv.inverse[p * P + p]) * inflate;
      const labels = {};
      const uncertainties = {};
      specs.forEach((sp, c) => labels[sp.name] = fixedPhys[s * L + c]);
      const atBound = [];
      free.forEach((c, p) => {
        const { name, min, max } = specs[c];
        labels[name] = min + (th[p] + 0.5) * (max - min);
        uncertainties[name] = sd(p) * (max - min);
        if (Math.abs(Math.abs(th[p]) - 0.5) < 1e-3) atBound.push(name);
      });
      const rv = rvFit ? th[model.rvIndex] : rvFixed[s];
      const flags = [];
      if (atBound.length) flags.push("at-bound");
      if (!best.converged[s]) flags.push("not-converged");
      if (red > (options.poorChi2 ?? 3)) flags.push("poor-chi2");
      if (rvFit && (ccEdge[s] || Math.min(rv - vmin, vmax - rv) < 0.01 * (vmax - vmin))) flags.push("rv-at-edge");
      if (inv.unconstrained.some((u, p) => u && p < model.PL)) flags.push("unconstrained");
      const continuum = Array.from({ length: batch.segments }, (_, k) => Array.from(th.subarray(model.contOffset + k * (degree + 1), model.contOffset + (k + 1) * (degree + 1))));
      results[i] = {
        labels,
        uncertainties,
        rv,
        rvUncertainty: rvFit ? sd(model.rvIndex) : 0,
        continuum,
        chi2: best.chi2[s],
        reducedChi2: red,
        pixelsUsed: batch.used[s],
        emulatorEvaluations: model.evaluations[s],
        iterations: best.iterations[s],
        converged: best.converged[s],
        flags,
        atBound
      };
    }
    progress({ phase: "done", step: S, total: S });
    return results;
  } finally {
    model.dispose();
  }
}
function pickBest(r, rows, S, P) {
  const theta = new Float64Array(S * P);
  const chi2 = new Float64Array(S).fill(Infinity);
  const A = new Float64Array(S * P * P);
  const converged = new Array(S).fill(false);
  const iterations = new Int32Array(S);
  rows.forEach((s, k) => {
    iterations[s] += r.iterations[k];
    if (!(r.chi2[k] < chi2[s])) return;
    chi2[s] = r.chi2[k];
    theta.set(r.theta.subarray(k * P, (k + 1) * P), s * P);
    A.set(r.A.subarray(k * P * P, (k + 1) * P * P), s * P * P);
    converged[s] = r.converged[k];
  });
  return { theta, chi2, A, converged, iterations };
}
var init_fitSpectra = __esm({
  "../../packages/inference/src/fitSpectra.ts"() {
    "use strict";
    init_src2();
    init_src3();
    init_src();
    init_adamProtocol();
    init_broadenTensor();
    init_crossCorrelationRv();
    init_levenbergMarquardt();
    init_linearContinuum();
    init_prepareSpectra();
    init_spectrumModel();
  }
});

// ../../packages/inference/src/dopplerShiftTensor.ts
import * as tf27 from "@tensorflow/tfjs";
function logWavelengthOffsets(wavelength, reference) {
  return Float32Array.from(wavelength, (w) => Math.log(w / reference));
}
function dopplerShiftTensor(restWavelength, flux, observed, velocityKms) {
  return tf27.tidy(() => {
    const x = tf27.tensor1d(logWavelengthOffsets(restWavelength, restWavelength[0]));
    const R = flux.shape[0];
    const q0 = observed instanceof Float64Array ? tf27.tile(tf27.tensor2d(logWavelengthOffsets(observed, restWavelength[0]), [1, observed.length]), [R, 1]) : observed;
    const shift = tf27.atanh(velocityKms.div(SPEED_OF_LIGHT_KMS)).reshape([R, 1]);
    return interpolateTensor(x, flux, q0.sub(shift));
  });
}
var init_dopplerShiftTensor = __esm({
  "../../packages/inference/src/dopplerShiftTensor.ts"() {
    "use strict";
    init_src();
    init_interpolateTensor();
  }
});

// ../../packages/inference/src/index.ts
var src_exports = {};
__export(src_exports, {
  applyBandedKernel: () => applyBandedKernel,
  bandedKernel: () => bandedKernel,
  cosineSchedule: () => cosineSchedule,
  dopplerShiftTensor: () => dopplerShiftTensor,
  fitSpectra: () => fitSpectra,
  gaussianLsfOperator: () => gaussianLsfOperator,
  interpolateTensor: () => interpolateTensor,
  logWavelengthOffsets: () => logWavelengthOffsets,
  rotationalBroadeningOperator: () => rotationalBroadeningOperator
});
var init_src4 = __esm({
  "../../packages/inference/src/index.ts"() {
    "use strict";
    init_fitSpectra();
    init_cosineSchedule();
    init_interpolateTensor();
    init_dopplerShiftTensor();
    init_broadenTensor();
  }
});

// src/main.ts
import { Command, CommanderError, Option } from "commander";

// src/demoCommand.ts
import { join as join4 } from "node:path";

// ../../packages/backend/src/initBackend.ts
import * as tf from "@tensorflow/tfjs";

// ../../packages/backend/src/backendNames.ts
var BACKEND_NAMES = ["tensorflow", "webgpu", "webgl", "wasm", "cpu"];
function isBackendName(name) {
  return BACKEND_NAMES.includes(name);
}

// ../../packages/backend/src/BackendError.ts
var BackendError = class extends Error {
  /** The backend concerned, when there is one. */
  backend;
  constructor(message, backend) {
    super(message);
    this.name = "BackendError";
    if (backend !== void 0) this.backend = backend;
  }
};

// ../../packages/backend/src/isNode.ts
function isNode() {
  const p = globalThis.process;
  return typeof p?.versions?.node === "string";
}

// ../../packages/backend/src/initBackend.ts
var NODE_ORDER = ["tensorflow", "wasm", "cpu"];
var BROWSER_ORDER = ["webgpu", "webgl", "wasm", "cpu"];
var INSTALL_HINT = {
  tensorflow: "install @tensorflow/tfjs-node (CPU) or @tensorflow/tfjs-node-gpu (CUDA), version 4.22.0; their installer downloads libtensorflow and fails without access to storage.googleapis.com",
  webgpu: "install @tensorflow/tfjs-backend-webgpu 4.22.0 and run where navigator.gpu exists (a WebGPU browser, or Node with the `webgpu` package assigned to globalThis.navigator before initBackend)",
  webgl: "webgl needs a browser with WebGL (it cannot run in Node); install @tensorflow/tfjs (which ships it)",
  wasm: "install @tensorflow/tfjs-backend-wasm 4.22.0 (its .wasm files must be reachable; see setWasmPaths)",
  cpu: "install @tensorflow/tfjs 4.22.0"
};
function envBackend() {
  if (!isNode()) return void 0;
  const env = globalThis.process?.env;
  const v = env?.ASTROEMU_BACKEND?.trim();
  return v === void 0 || v === "" ? void 0 : v;
}
async function importOptional(name) {
  return import(
    /* @vite-ignore */
    name
  );
}
var wasmLoaded;
async function loadWasm() {
  wasmLoaded ??= import("@tensorflow/tfjs-backend-wasm").then(() => void 0);
  return wasmLoaded;
}
async function setNodeWasmPaths() {
  try {
    const { createRequire } = await importOptional("node:module");
    const { dirname: dirname2, join: join6 } = await importOptional("node:path");
    const require2 = createRequire(import.meta.url);
    const dir = join6(dirname2(require2.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + "/";
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(dir);
    return true;
  } catch {
    return false;
  }
}
async function trySet(name) {
  try {
    if (name === "tensorflow") {
      if (tf.findBackendFactory("tensorflow") == null) {
        try {
          await importOptional("@tensorflow/tfjs-node-gpu");
        } catch {
          await importOptional("@tensorflow/tfjs-node");
        }
      }
    } else if (name === "wasm") {
      await loadWasm();
    } else if (name === "webgpu") {
      if (isNode() && globalThis.navigator?.gpu == null) {
        return "navigator.gpu is not defined";
      }
      await import("@tensorflow/tfjs-backend-webgpu");
    } else if (name === "webgl" && isNode()) {
      return "webgl is not available in Node";
    }
    if (tf.findBackendFactory(name) == null) return `no backend '${name}' is registered`;
    let ok = await tf.setBackend(name);
    if (!ok && name === "wasm" && isNode() && await setNodeWasmPaths()) ok = await tf.setBackend(name);
    if (!ok) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
    return void 0;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
async function initBackend(opts = {}) {
  let forced = opts.backend;
  let source = "opts.backend";
  if (forced === void 0) {
    forced = envBackend();
    source = "ASTROEMU_BACKEND";
  }
  if (forced !== void 0) {
    if (!isBackendName(forced)) {
      throw new BackendError(
        `initBackend: ${source} must be one of ${BACKEND_NAMES.join(", ")}; got '${forced}'`,
        forced
      );
    }
    const why = await trySet(forced);
    if (why !== void 0) {
      throw new BackendError(
        `initBackend: backend '${forced}' (forced by ${source}) could not be loaded (${why}); ${INSTALL_HINT[forced]}`,
        forced
      );
    }
    return forced;
  }
  const reasons = [];
  for (const name of isNode() ? NODE_ORDER : BROWSER_ORDER) {
    const why = await trySet(name);
    if (why === void 0) return name;
    reasons.push(`${name}: ${why}`);
  }
  throw new BackendError(`initBackend: no TensorFlow.js backend could be initialised (${reasons.join("; ")})`);
}

// ../../packages/synth/src/elements.ts
var TABLE = [
  // symbol, mass [u], χ_I [eV], χ_II [eV]
  ["H", 1.008, 13.598, 1e9],
  ["He", 4.003, 24.587, 54.418],
  ["Li", 6.94, 5.392, 75.64],
  ["Be", 9.012, 9.323, 18.211],
  ["B", 10.81, 8.298, 25.155],
  ["C", 12.011, 11.26, 24.383],
  ["N", 14.007, 14.534, 29.601],
  ["O", 15.999, 13.618, 35.121],
  ["F", 18.998, 17.423, 34.971],
  ["Ne", 20.18, 21.565, 40.963],
  ["Na", 22.99, 5.139, 47.286],
  ["Mg", 24.305, 7.646, 15.035],
  ["Al", 26.982, 5.986, 18.829],
  ["Si", 28.085, 8.152, 16.346],
  ["P", 30.974, 10.487, 19.769],
  ["S", 32.06, 10.36, 23.338],
  ["Cl", 35.45, 12.968, 23.814],
  ["Ar", 39.948, 15.76, 27.63],
  ["K", 39.098, 4.341, 31.63],
  ["Ca", 40.078, 6.113, 11.872],
  ["Sc", 44.956, 6.561, 12.8],
  ["Ti", 47.867, 6.828, 13.576],
  ["V", 50.942, 6.746, 14.62],
  ["Cr", 51.996, 6.767, 16.486],
  ["Mn", 54.938, 7.434, 15.64],
  ["Fe", 55.845, 7.902, 16.199],
  ["Co", 58.933, 7.881, 17.084],
  ["Ni", 58.693, 7.64, 18.169],
  ["Cu", 63.546, 7.726, 20.292],
  ["Zn", 65.38, 9.394, 17.964],
  ["Ga", 69.723, 5.999, 20.515],
  ["Ge", 72.63, 7.9, 15.934],
  ["As", 74.922, 9.789, 18.59],
  ["Se", 78.971, 9.752, 21.19],
  ["Br", 79.904, 11.814, 21.8],
  ["Kr", 83.798, 14, 24.36],
  ["Rb", 85.468, 4.177, 27.29],
  ["Sr", 87.62, 5.695, 11.03],
  ["Y", 88.906, 6.217, 12.224],
  ["Zr", 91.224, 6.634, 13.13],
  ["Nb", 92.906, 6.759, 14.32],
  ["Mo", 95.95, 7.092, 16.16],
  ["Tc", 98, 7.28, 15.26],
  ["Ru", 101.07, 7.361, 16.76],
  ["Rh", 102.906, 7.459, 18.08],
  ["Pd", 106.42, 8.337, 19.43],
  ["Ag", 107.868, 7.576, 21.49],
  ["Cd", 112.414, 8.994, 16.908],
  ["In", 114.818, 5.786, 18.869],
  ["Sn", 118.71, 7.344, 14.632],
  ["Sb", 121.76, 8.608, 16.53],
  ["Te", 127.6, 9.01, 18.6],
  ["I", 126.904, 10.451, 19.131],
  ["Xe", 131.293, 12.13, 20.975],
  ["Cs", 132.905, 3.894, 23.157],
  ["Ba", 137.327, 5.212, 10.004],
  ["La", 138.905, 5.577, 11.059],
  ["Ce", 140.116, 5.539, 10.85],
  ["Pr", 140.908, 5.473, 10.55],
  ["Nd", 144.242, 5.525, 10.73],
  ["Pm", 145, 5.582, 10.9],
  ["Sm", 150.36, 5.644, 11.07],
  ["Eu", 151.964, 5.67, 11.241],
  ["Gd", 157.25, 6.15, 12.09],
  ["Tb", 158.925, 5.864, 11.52],
  ["Dy", 162.5, 5.939, 11.67],
  ["Ho", 164.93, 6.022, 11.8],
  ["Er", 167.259, 6.108, 11.93],
  ["Tm", 168.934, 6.184, 12.05],
  ["Yb", 173.045, 6.254, 12.176],
  ["Lu", 174.967, 5.426, 13.9],
  ["Hf", 178.49, 6.825, 14.9],
  ["Ta", 180.948, 7.55, 16.2],
  ["W", 183.84, 7.864, 16.1],
  ["Re", 186.207, 7.834, 16.6],
  ["Os", 190.23, 8.438, 17],
  ["Ir", 192.217, 8.967, 17],
  ["Pt", 195.084, 8.959, 18.563],
  ["Au", 196.967, 9.226, 20.2],
  ["Hg", 200.592, 10.438, 18.757],
  ["Tl", 204.38, 6.108, 20.428],
  ["Pb", 207.2, 7.417, 15.032],
  ["Bi", 208.98, 7.286, 16.69],
  ["Po", 209, 8.414, 19.3],
  ["At", 210, 9.318, 17.88],
  ["Rn", 222, 10.749, 21.4],
  ["Fr", 223, 4.073, 22.4],
  ["Ra", 226, 5.278, 10.147],
  ["Ac", 227, 5.38, 11.75],
  ["Th", 232.038, 6.307, 11.9],
  ["Pa", 231.036, 5.89, 11.9],
  ["U", 238.029, 6.194, 11.6],
  ["Np", 237, 6.266, 11.5],
  ["Pu", 244, 6.026, 11.5],
  ["Am", 243, 5.974, 11.7],
  ["Cm", 247, 5.991, 12.4],
  ["Bk", 247, 6.198, 11.9],
  ["Cf", 251, 6.282, 12],
  ["Es", 252, 6.368, 12.2]
];
var MAX_Z = 99;
var ELEMENT_SYMBOLS = ["", ...TABLE.map((r) => r[0])];
var ATOMIC_MASS = Float64Array.from([0, ...TABLE.map((r) => r[1])]);
var IONIZATION_ENERGY_I = Float64Array.from([0, ...TABLE.map((r) => r[2])]);
var IONIZATION_ENERGY_II = Float64Array.from([0, ...TABLE.map((r) => r[3])]);

// ../../packages/synth/src/solarAbundances.ts
var A09 = [
  NaN,
  12,
  10.93,
  1.05,
  1.38,
  2.7,
  8.43,
  7.83,
  8.69,
  4.56,
  7.93,
  //  1–10
  6.24,
  7.6,
  6.45,
  7.51,
  5.41,
  7.12,
  5.5,
  6.4,
  5.03,
  6.34,
  // 11–20
  3.15,
  4.95,
  3.93,
  5.64,
  5.43,
  7.5,
  4.99,
  6.22,
  4.19,
  4.56,
  // 21–30
  3.04,
  3.65,
  2.3,
  3.34,
  2.54,
  3.25,
  2.52,
  2.87,
  2.21,
  2.58,
  // 31–40
  1.46,
  1.88,
  NaN,
  1.75,
  0.91,
  1.57,
  0.94,
  1.71,
  0.8,
  2.04,
  // 41–50
  1.01,
  2.18,
  1.55,
  2.24,
  1.08,
  2.18,
  1.1,
  1.58,
  0.72,
  1.42,
  // 51–60
  NaN,
  0.96,
  0.52,
  1.07,
  0.3,
  1.1,
  0.48,
  0.92,
  0.1,
  0.84,
  // 61–70
  0.1,
  0.85,
  -0.12,
  0.85,
  0.26,
  1.4,
  1.38,
  1.62,
  0.92,
  1.17,
  // 71–80
  0.9,
  1.75,
  0.65,
  NaN,
  NaN,
  NaN,
  NaN,
  NaN,
  NaN,
  0.02,
  // 81–90
  NaN,
  -0.54,
  NaN,
  NaN,
  NaN,
  NaN,
  NaN,
  NaN,
  NaN
  // 91–99
];
var SOLAR_ABUNDANCES = Float64Array.from(A09);
var SOLAR_HELIUM_FRACTION = 10 ** (10.93 - 12) / (1 + 10 ** (10.93 - 12));

// ../../packages/synth/src/errors.ts
var SynthArgumentError = class extends Error {
  constructor(argument, fn, expected, got) {
    super(`Argument '${argument}' passed to '${fn}' must be ${expected}; got ${got}`);
    this.argument = argument;
    this.fn = fn;
    this.expected = expected;
    this.got = got;
  }
  argument;
  fn;
  expected;
  got;
  name = "SynthArgumentError";
};
function describeValue(value) {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || value === void 0) return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  return typeof value;
}

// ../../packages/synth/src/labels.ts
var FIRST_ABUNDANCE_Z = 3;
var LABEL_NAMES = Object.freeze([
  "Teff",
  "logg",
  "He",
  ...ELEMENT_SYMBOLS.slice(FIRST_ABUNDANCE_Z, MAX_Z + 1)
]);
var LABEL_COUNT = LABEL_NAMES.length;
var LABEL_SPECS = Object.freeze(
  LABEL_NAMES.map((name) => {
    if (name === "Teff") return { name, unit: "K", min: 4e3, max: 6e3 };
    if (name === "logg") return { name, unit: "dex", min: 4, max: 5 };
    if (name === "He") return { name, unit: "number fraction", min: 0, max: 0.1568 };
    return { name, unit: "dex", min: -2, max: 1 };
  })
);

// ../../packages/synth/src/wavelengthGrid.ts
function logUniformWavelength(opts = {}) {
  const R = opts.R ?? 1e5;
  const lo = opts.lambdaMin ?? 4e3;
  const hi = opts.lambdaMax ?? 5e3;
  if (!(Number.isFinite(R) && R > 0)) {
    throw new SynthArgumentError("R", "logUniformWavelength", "a positive finite number", describeValue(R));
  }
  if (!(Number.isFinite(lo) && lo > 0 && Number.isFinite(hi) && hi > lo)) {
    throw new SynthArgumentError("lambdaMax", "logUniformWavelength", `a finite wavelength > lambdaMin (${lo} \xC5)`, describeValue(hi));
  }
  const n = Math.floor(R * Math.log(hi / lo)) + 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo * Math.exp(i / R);
  return out;
}

// ../../packages/synth/src/voigt.ts
var INV_SQRT_PI = 0.5641895835477563;
function voigtH(a, v) {
  const x = v < 0 ? -v : v;
  const y = a;
  const s = x + y;
  if (s >= 15) {
    const ur2 = y * y - x * x + 0.5;
    const ui2 = -2 * x * y;
    const d = ur2 * ur2 + ui2 * ui2;
    return INV_SQRT_PI * (y * ur2 - x * ui2) / d;
  }
  if (s >= 5.5) {
    const ur2 = y * y - x * x;
    const ui2 = -2 * x * y;
    const nr = 1.410474 + INV_SQRT_PI * ur2;
    const ni = INV_SQRT_PI * ui2;
    const tr = y * nr + x * ni;
    const ti = y * ni - x * nr;
    const dr = 0.75 + ur2 * (3 + ur2) - ui2 * ui2;
    const di = ui2 * (3 + ur2) + ur2 * ui2;
    return (tr * dr + ti * di) / (dr * dr + di * di);
  }
  if (y >= 0.195 * x - 0.176) {
    let nr = 0.5642236;
    let ni = 0;
    let tmp2;
    tmp2 = nr * y + ni * x + 3.778987;
    ni = ni * y - nr * x;
    nr = tmp2;
    tmp2 = nr * y + ni * x + 11.96482;
    ni = ni * y - nr * x;
    nr = tmp2;
    tmp2 = nr * y + ni * x + 20.20933;
    ni = ni * y - nr * x;
    nr = tmp2;
    tmp2 = nr * y + ni * x + 16.4955;
    ni = ni * y - nr * x;
    nr = tmp2;
    let dr = y + 6.699398;
    let di = -x;
    tmp2 = dr * y + di * x + 21.69274;
    di = di * y - dr * x;
    dr = tmp2;
    tmp2 = dr * y + di * x + 39.27121;
    di = di * y - dr * x;
    dr = tmp2;
    tmp2 = dr * y + di * x + 38.82363;
    di = di * y - dr * x;
    dr = tmp2;
    tmp2 = dr * y + di * x + 16.4955;
    di = di * y - dr * x;
    dr = tmp2;
    return (nr * dr + ni * di) / (dr * dr + di * di);
  }
  const ur = y * y - x * x;
  const ui = -2 * x * y;
  let pr = 1.320522 - 0.56419 * ur;
  let pi = -0.56419 * ui;
  let tmp;
  tmp = 35.76683 - (ur * pr - ui * pi);
  pi = -(ur * pi + ui * pr);
  pr = tmp;
  tmp = 219.0313 - (ur * pr - ui * pi);
  pi = -(ur * pi + ui * pr);
  pr = tmp;
  tmp = 1540.787 - (ur * pr - ui * pi);
  pi = -(ur * pi + ui * pr);
  pr = tmp;
  tmp = 3321.9905 - (ur * pr - ui * pi);
  pi = -(ur * pi + ui * pr);
  pr = tmp;
  tmp = 36183.31 - (ur * pr - ui * pi);
  pi = -(ur * pi + ui * pr);
  pr = tmp;
  let qr = 1.841439 - ur;
  let qi = -ui;
  tmp = 61.57037 - (ur * qr - ui * qi);
  qi = -(ur * qi + ui * qr);
  qr = tmp;
  tmp = 364.2191 - (ur * qr - ui * qi);
  qi = -(ur * qi + ui * qr);
  qr = tmp;
  tmp = 2186.181 - (ur * qr - ui * qi);
  qi = -(ur * qi + ui * qr);
  qr = tmp;
  tmp = 9022.228 - (ur * qr - ui * qi);
  qi = -(ur * qi + ui * qr);
  qr = tmp;
  tmp = 24322.84 - (ur * qr - ui * qi);
  qi = -(ur * qi + ui * qr);
  qr = tmp;
  tmp = 32066.6 - (ur * qr - ui * qi);
  qi = -(ur * qi + ui * qr);
  qr = tmp;
  const tpr = y * pr + x * pi;
  const tpi = y * pi - x * pr;
  const ratio = (tpr * qr + tpi * qi) / (qr * qr + qi * qi);
  return Math.exp(ur) * Math.cos(ui) - ratio;
}

// ../../packages/synth/src/partitionFunctions.ts
var TABLE2 = {
  1: [2, 1, 1],
  6: [9.3, 5.9, 1],
  11: [2, 1, 6.6],
  12: [1, 2, 1],
  13: [5.8, 1, 2],
  14: [9.6, 5.7, 1],
  19: [2.1, 1, 5],
  20: [1.2, 2.2, 1],
  21: [11, 22, 10],
  22: [30, 55, 24],
  23: [40, 35, 30],
  24: [10, 7, 13],
  25: [6.5, 7.3, 10],
  26: [30, 45, 25],
  27: [32, 27, 24],
  28: [29, 10, 21],
  29: [2.2, 1, 8],
  30: [1, 2, 1],
  31: [4.5, 1, 2],
  38: [1.2, 2.1, 1],
  39: [10, 13, 10],
  40: [32, 45, 22],
  41: [45, 40, 25],
  44: [30, 20, 20],
  56: [2.4, 4.2, 1],
  57: [30, 25, 10],
  58: [100, 140, 30],
  59: [50, 40, 25],
  60: [60, 70, 25],
  62: [50, 75, 20],
  63: [8.5, 11, 8],
  64: [30, 30, 25],
  66: [25, 30, 20],
  67: [20, 25, 20],
  68: [20, 25, 20],
  74: [15, 15, 15],
  76: [15, 20, 15],
  82: [1.1, 2, 1]
};
function partitionFunctions(Z) {
  return TABLE2[Z] ?? [1, 1, 1];
}

// ../../packages/synth/src/physicalConstants.ts
var C_LIGHT = 29979245800;
var K_BOLTZMANN = 1380649e-22;
var ATOMIC_MASS_UNIT = 16605390666e-34;
var PI_E2_OVER_MC = 0.02654;
var HC_OVER_K_ANGSTROM = 1438776877e-1;
var THETA_SCALE = 5039.775;

// ../../packages/synth/src/saha.ts
function sahaRatio(chi, uLower, uUpper, T, Pe) {
  const log10Phi = Math.log10(uUpper / uLower) + 2.5 * Math.log10(T) - THETA_SCALE / T * chi - 0.1762;
  return 10 ** log10Phi / Pe;
}
function ionizationFractions(Z, T, Pe, out = new Float64Array(3)) {
  const u = partitionFunctions(Z);
  const u1 = u[0];
  const u2 = u[1];
  const u3 = u[2];
  const r1 = sahaRatio(IONIZATION_ENERGY_I[Z], u1, u2, T, Pe);
  const r2 = Z === 1 ? 0 : sahaRatio(IONIZATION_ENERGY_II[Z], u2, u3, T, Pe);
  const n1 = 1;
  const n2 = r1;
  const n3 = r1 * r2;
  const sum4 = n1 + n2 + n3;
  out[0] = n1 / sum4;
  out[1] = n2 / sum4;
  out[2] = n3 / sum4;
  return out;
}

// ../../packages/synth/src/continuousOpacity.ts
var BF = [1.99654, -118267e-10, 264243e-11, -440524e-15, 323992e-19, -139568e-23, 278701e-28];
function hminusBoundFreeCrossSection(lambda) {
  let s = 0;
  for (let k = BF.length - 1; k >= 0; k--) s = s * lambda + BF[k];
  return s * 1e-18;
}
function hminusOpacityPerPe(lambda, T) {
  const theta = 5040 / T;
  const bf = 4158e-13 * hminusBoundFreeCrossSection(lambda) * theta ** 2.5 * 10 ** (0.754 * theta);
  const L = Math.log10(lambda);
  const L2 = L * L;
  const L3 = L2 * L;
  const f0 = -2.2763 - 1.685 * L + 0.76661 * L2 - 0.053346 * L3;
  const f1 = 15.2827 - 9.2846 * L + 1.99381 * L2 - 0.142631 * L3;
  const f2 = -197.789 + 190.266 * L - 67.9775 * L2 + 10.6913 * L3 - 0.625151 * L2 * L2;
  const lt = Math.log10(theta);
  const ff = 1e-26 * 10 ** (f0 + f1 * lt + f2 * lt * lt);
  return bf + ff;
}

// ../../packages/synth/src/lineRichness.ts
var LINE_RICHNESS = [
  { Z: 26, lines: 5e3, ionFraction: 0.12, family: "ironPeak" },
  // Fe
  { Z: 24, lines: 750, ionFraction: 0.2, family: "ironPeak" },
  // Cr
  { Z: 22, lines: 850, ionFraction: 0.35, family: "ironPeak" },
  // Ti
  { Z: 28, lines: 600, ionFraction: 0.08, family: "ironPeak" },
  // Ni
  { Z: 23, lines: 500, ionFraction: 0.2, family: "ironPeak" },
  // V
  { Z: 27, lines: 450, ionFraction: 0.1, family: "ironPeak" },
  // Co
  { Z: 25, lines: 300, ionFraction: 0.1, family: "ironPeak" },
  // Mn
  { Z: 21, lines: 200, ionFraction: 0.6, family: "ironPeak" },
  // Sc
  { Z: 20, lines: 220, ionFraction: 0.05, family: "ironPeak" },
  // Ca
  { Z: 12, lines: 40, ionFraction: 0.1, family: "light" },
  // Mg
  { Z: 14, lines: 50, ionFraction: 0.2, family: "light" },
  // Si
  { Z: 11, lines: 15, ionFraction: 0, family: "light" },
  // Na
  { Z: 13, lines: 10, ionFraction: 0, family: "light" },
  // Al
  { Z: 19, lines: 6, ionFraction: 0, family: "light" },
  // K
  { Z: 29, lines: 15, ionFraction: 0, family: "light" },
  // Cu
  { Z: 30, lines: 8, ionFraction: 0, family: "light" },
  // Zn
  { Z: 31, lines: 4, ionFraction: 0, family: "light" },
  // Ga
  { Z: 38, lines: 8, ionFraction: 0.5, family: "heavy" },
  // Sr
  { Z: 39, lines: 40, ionFraction: 0.8, family: "heavy" },
  // Y
  { Z: 40, lines: 60, ionFraction: 0.6, family: "heavy" },
  // Zr
  { Z: 41, lines: 25, ionFraction: 0.5, family: "heavy" },
  // Nb
  { Z: 44, lines: 20, ionFraction: 0, family: "heavy" },
  // Ru
  { Z: 56, lines: 6, ionFraction: 1, family: "heavy" },
  // Ba
  { Z: 57, lines: 40, ionFraction: 0.9, family: "heavy" },
  // La
  { Z: 58, lines: 120, ionFraction: 0.9, family: "heavy" },
  // Ce
  { Z: 59, lines: 40, ionFraction: 0.9, family: "heavy" },
  // Pr
  { Z: 60, lines: 120, ionFraction: 0.9, family: "heavy" },
  // Nd
  { Z: 62, lines: 60, ionFraction: 0.9, family: "heavy" },
  // Sm
  { Z: 63, lines: 8, ionFraction: 0.9, family: "heavy" },
  // Eu
  { Z: 64, lines: 40, ionFraction: 0.9, family: "heavy" },
  // Gd
  { Z: 66, lines: 30, ionFraction: 0.9, family: "heavy" },
  // Dy
  { Z: 67, lines: 10, ionFraction: 0.9, family: "heavy" },
  // Ho
  { Z: 68, lines: 20, ionFraction: 0.9, family: "heavy" },
  // Er
  { Z: 74, lines: 10, ionFraction: 0, family: "heavy" },
  // W
  { Z: 76, lines: 8, ionFraction: 0, family: "heavy" },
  // Os
  { Z: 82, lines: 3, ionFraction: 0, family: "heavy" },
  // Pb
  { Z: 6, lines: 25, ionFraction: 0, family: "carbon" }
  // C (high-excitation C I; CH band separately)
];
var LINE_ELEMENTS = LINE_RICHNESS.map((e) => e.Z);

// ../../packages/synth/src/photosphere.ts
var METAL_MASS_PER_H = 0.0178;
var TAU_CONTINUUM = 2 / 3;
var TAU_LINE = 0.1;
var fractions = new Float64Array(3);
function electronsPerH(labels, T, Pe) {
  let e = ionizationFractions(1, T, Pe, fractions)[1];
  for (const Z of LINE_ELEMENTS) {
    const eps = 10 ** (SOLAR_ABUNDANCES[Z] + labels[Z - FIRST_ABUNDANCE_Z + 3] - 12);
    ionizationFractions(Z, T, Pe, fractions);
    e += eps * (fractions[1] + 2 * fractions[2]);
  }
  return e;
}
function solvePhotosphere(labels) {
  const T = labels[0];
  const g = 10 ** labels[1];
  const heFraction = labels[2];
  const Y = heFraction / (1 - heFraction);
  const muH = ATOMIC_MASS_UNIT * (1.008 + 4.0026 * Y + METAL_MASS_PER_H);
  const k1 = hminusOpacityPerPe(5e3, T);
  let Pe = 10;
  let E = 0;
  for (let it = 0; it < 24; it++) {
    E = electronsPerH(labels, T, Pe);
    const alpha2 = E / (1 + Y + E);
    const target = Math.sqrt(4 / 3 * g * muH * alpha2 / k1);
    Pe = Math.cbrt(Pe * target * target);
  }
  E = electronsPerH(labels, T, Pe);
  const alpha = E / (1 + Y + E);
  const Pg = Pe / alpha;
  const PgLine = Pg * Math.sqrt(TAU_LINE / TAU_CONTINUUM);
  const perturberDensity = PgLine / (K_BOLTZMANN * T) / (1 + alpha);
  return { T, theta: 5040 / T, Pe, Pg, heliumPerH: Y, perturberDensity, electronsPerH: E };
}

// ../../packages/synth/src/residualFlux.ts
var SURFACE_TEMPERATURE_RATIO = 2 ** -0.25;
function saturatedResidualFlux(lambda, T) {
  const u = HC_OVER_K_ANGSTROM / (lambda * T);
  return Math.expm1(u) / Math.expm1(u / SURFACE_TEMPERATURE_RATIO);
}

// ../../packages/synth/src/balmer.ts
var BALMER_LINES = [
  { name: "H\u03B1", lambda: 6562.797, loggf: 0.71, nUpper: 3 },
  { name: "H\u03B2", lambda: 4861.323, loggf: -0.02, nUpper: 4 },
  { name: "H\u03B3", lambda: 4340.462, loggf: -0.447, nUpper: 5 },
  { name: "H\u03B4", lambda: 4101.734, loggf: -0.753, nUpper: 6 },
  { name: "H\u03B5", lambda: 3970.072, loggf: -0.993, nUpper: 7 },
  { name: "H8", lambda: 3889.049, loggf: -1.192, nUpper: 8 }
];
var T_SUN = 5772;
var Q_BETA_SUN = 3.39;
var LAMBDA_BETA = 4861.323;
var GF_BETA = 10 ** -0.02;
var K_BETA = 12;
var KAPPA_BETA_SUN = hminusOpacityPerPe(LAMBDA_BETA, T_SUN);
function balmerWingCoefficient(line, T) {
  const K = line.nUpper * line.nUpper - 4;
  const r = line.lambda / LAMBDA_BETA;
  return Q_BETA_SUN * (10 ** line.loggf / GF_BETA) * (K / K_BETA) ** 1.5 * r * r * 10 ** (-10.2 * (5040 / T - 5040 / T_SUN)) * (T_SUN / T) * (KAPPA_BETA_SUN / hminusOpacityPerPe(line.lambda, T));
}
function balmerCoreWidth(line, T, Pe) {
  const doppler = line.lambda * Math.sqrt(2 * K_BOLTZMANN * T / (1.008 * ATOMIC_MASS_UNIT)) / C_LIGHT;
  const ne = Pe / (K_BOLTZMANN * T);
  const stark = 0.05 * ((line.nUpper * line.nUpper - 4) / K_BETA) * (ne / 1e14) ** (2 / 3);
  return Math.sqrt(doppler * doppler + stark * stark);
}

// ../../packages/synth/src/lineList.ts
var MOLECULE_CH = 1;
function createLineList(records) {
  const order = records.map((_, i) => i);
  order.sort((a, b) => records[a].lambda - records[b].lambda || a - b);
  const n = records.length;
  const out = {
    size: n,
    lambda: new Float64Array(n),
    Z: new Uint8Array(n),
    ion: new Uint8Array(n),
    molecule: new Uint8Array(n),
    chi: new Float64Array(n),
    loggf: new Float64Array(n),
    logGammaRad: new Float64Array(n),
    logGammaVdW: new Float64Array(n)
  };
  for (let k = 0; k < n; k++) {
    const r = records[order[k]];
    if (!(Number.isFinite(r.lambda) && r.lambda > 0)) {
      throw new SynthArgumentError(`records[${order[k]}].lambda`, "createLineList", "a positive wavelength in \xC5", describeValue(r.lambda));
    }
    if (!(Number.isInteger(r.Z) && r.Z >= 1 && r.Z <= MAX_Z)) {
      throw new SynthArgumentError(`records[${order[k]}].Z`, "createLineList", `an atomic number 1 \u2026 ${MAX_Z}`, describeValue(r.Z));
    }
    if (r.ion !== 1 && r.ion !== 2) {
      throw new SynthArgumentError(`records[${order[k]}].ion`, "createLineList", "1 (neutral) or 2 (singly ionised)", describeValue(r.ion));
    }
    if (!Number.isFinite(r.chi) || !Number.isFinite(r.loggf)) {
      throw new SynthArgumentError(`records[${order[k]}].loggf`, "createLineList", "finite chi and loggf", `chi=${r.chi}, loggf=${r.loggf}`);
    }
    out.lambda[k] = r.lambda;
    out.Z[k] = r.Z;
    out.ion[k] = r.ion;
    out.molecule[k] = r.molecule ?? 0;
    out.chi[k] = r.chi;
    out.loggf[k] = r.loggf;
    out.logGammaRad[k] = r.logGammaRad ?? NaN;
    out.logGammaVdW[k] = r.logGammaVdW ?? NaN;
  }
  return out;
}

// ../../packages/synth/src/anchorLines.ts
var ANCHOR_LINES = [
  { lambda: 4030.753, Z: 25, ion: 1, chi: 0, loggf: -0.48 },
  { lambda: 4044.14, Z: 19, ion: 1, chi: 0, loggf: -1.94 },
  { lambda: 4045.813, Z: 26, ion: 1, chi: 1.485, loggf: 0.28 },
  { lambda: 4063.594, Z: 26, ion: 1, chi: 1.557, loggf: 0.062 },
  { lambda: 4071.738, Z: 26, ion: 1, chi: 1.608, loggf: -8e-3 },
  { lambda: 4077.709, Z: 38, ion: 2, chi: 0, loggf: 0.167 },
  { lambda: 4129.72, Z: 63, ion: 2, chi: 0, loggf: 0.22 },
  { lambda: 4172.04, Z: 31, ion: 1, chi: 0.1, loggf: -0.32 },
  { lambda: 4215.519, Z: 38, ion: 2, chi: 0, loggf: -0.145 },
  { lambda: 4226.728, Z: 20, ion: 1, chi: 0, loggf: 0.244 },
  { lambda: 4254.332, Z: 24, ion: 1, chi: 0, loggf: -0.114 },
  { lambda: 4274.796, Z: 24, ion: 1, chi: 0, loggf: -0.231 },
  { lambda: 4383.545, Z: 26, ion: 1, chi: 1.485, loggf: 0.2 },
  { lambda: 4404.75, Z: 26, ion: 1, chi: 1.557, loggf: -0.142 },
  { lambda: 4443.794, Z: 22, ion: 2, chi: 1.08, loggf: -0.72 },
  { lambda: 4554.029, Z: 56, ion: 2, chi: 0, loggf: 0.17 },
  { lambda: 4571.096, Z: 12, ion: 1, chi: 0, loggf: -5.623 },
  { lambda: 4702.991, Z: 12, ion: 1, chi: 4.346, loggf: -0.44 },
  { lambda: 4722.153, Z: 30, ion: 1, chi: 4.03, loggf: -0.338 },
  { lambda: 4810.528, Z: 30, ion: 1, chi: 4.078, loggf: -0.137 },
  { lambda: 4883.682, Z: 39, ion: 2, chi: 1.084, loggf: 0.07 },
  { lambda: 4934.076, Z: 56, ion: 2, chi: 0, loggf: -0.15 },
  { lambda: 4957.597, Z: 26, ion: 1, chi: 2.808, loggf: 0.233 }
];

// ../../packages/synth/src/prng.ts
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
function hashSeed(...words) {
  let h = 2654435769;
  for (const w of words) {
    let k = Math.imul(w >>> 0, 3432918353);
    k = k << 15 | k >>> 17;
    h ^= Math.imul(k, 461845907);
    h = h << 13 | h >>> 19;
    h = Math.imul(h, 5) + 3864292196 >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  h = Math.imul(h, 3266489909);
  h ^= h >>> 16;
  return h >>> 0;
}
function gaussian(rand) {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

// ../../packages/synth/src/generateLineList.ts
var TOTAL_RICHNESS = LINE_RICHNESS.reduce((s, e) => s + e.lines, 0);
function drawLine(family, ion, rand) {
  const u = rand();
  const w = rand();
  switch (family) {
    case "ironPeak": {
      if (ion === 2) return [1 + 5 * rand(), -6.5 + 6.3 * u ** 2.5];
      const chi = w < 0.25 ? 1.5 * rand() : 1.5 + 3.5 * rand();
      return [chi, -7 + 6.8 * u ** 4 - Math.max(0, 1.5 - chi)];
    }
    case "light":
      return ion === 1 ? [2 + 4.5 * w, -5 + 4.5 * u ** 2] : [8 + 2 * w, -2 + 2.5 * u];
    case "heavy":
      return [3 * w, -2.5 + 3 * u ** 1.2];
    case "carbon":
      return [7.5 + 1.1 * w, -3 + 2.5 * u];
  }
}
function generateLineList(opts = {}) {
  const seed = opts.seed ?? 1;
  const lo = opts.lambdaMin ?? 4e3;
  const hi = opts.lambdaMax ?? 5e3;
  const margin = opts.margin ?? 5;
  const density = opts.linesPer1000A ?? 1e4;
  if (!(Number.isFinite(lo) && lo > 0 && Number.isFinite(hi) && hi > lo)) {
    throw new SynthArgumentError("lambdaMax", "generateLineList", `a finite wavelength > lambdaMin (${lo} \xC5)`, describeValue(hi));
  }
  if (!(Number.isFinite(density) && density >= 0)) {
    throw new SynthArgumentError("linesPer1000A", "generateLineList", "a non-negative number", describeValue(density));
  }
  const a = lo - margin;
  const b = hi + margin;
  const records = [];
  for (const el of LINE_RICHNESS) {
    const rand2 = mulberry32(hashSeed(seed, el.Z, 4526));
    const expected = el.lines / TOTAL_RICHNESS * density * ((b - a) / 1e3);
    const count = Math.floor(expected) + (rand2() < expected - Math.floor(expected) ? 1 : 0);
    for (let k = 0; k < count; k++) {
      const lambda = a + (b - a) * rand2();
      const ion = rand2() < el.ionFraction ? 2 : 1;
      const [drawnChi, drawn] = drawLine(el.family, ion, rand2);
      const limit = (ion === 1 ? IONIZATION_ENERGY_I[el.Z] : IONIZATION_ENERGY_II[el.Z]) - 0.5;
      const chi = Math.min(drawnChi, limit * (0.9 + 0.1 * rand2()));
      const loggf = el.family === "ironPeak" ? drawn + 0.5 * (7.5 - SOLAR_ABUNDANCES[el.Z]) : drawn;
      const logGammaRad = Math.log10(2223e12 / (lambda * lambda)) + 0.15 * gaussian(rand2);
      const logGammaVdW = (ion === 1 ? -7.6 : -7.9) + 0.25 * gaussian(rand2);
      records.push({ lambda, Z: el.Z, ion, chi, loggf, logGammaRad, logGammaVdW });
    }
  }
  const chCount = opts.chLines ?? 400;
  const rand = mulberry32(hashSeed(seed, 196));
  for (let k = 0; k < chCount; k++) {
    const lambda = 4314.2 - 45 * rand() ** 1.5;
    const chi = 1.6 * rand();
    const loggf = -3.2 + 2.8 * rand() ** 1.3;
    const logGammaVdW = -7.8 + 0.2 * gaussian(rand);
    if (lambda >= a && lambda <= b) records.push({ lambda, Z: 6, ion: 1, molecule: MOLECULE_CH, chi, loggf, logGammaVdW });
  }
  if (opts.anchors ?? true) {
    for (const r of ANCHOR_LINES) if (r.lambda >= a && r.lambda <= b) records.push(r);
  }
  return createLineList(records);
}

// ../../packages/synth/src/validateLabels.ts
var MODEL_LIMITS = { Teff: [3e3, 8e3], logg: [0, 6], He: [0, 0.5], abundance: [-10, 4] };
function validateLabels(labels, fn) {
  if (labels == null || typeof labels.length !== "number" || labels.length !== LABEL_COUNT) {
    throw new SynthArgumentError("labels", fn, `${LABEL_COUNT} numbers in LABEL_NAMES order`, describeValue(labels));
  }
  for (let i = 0; i < LABEL_COUNT; i++) {
    const v = labels[i];
    const [lo, hi] = i === 0 ? MODEL_LIMITS.Teff : i === 1 ? MODEL_LIMITS.logg : i === 2 ? MODEL_LIMITS.He : MODEL_LIMITS.abundance;
    if (!(v >= lo && v <= hi)) {
      throw new SynthArgumentError(`labels[${i}] (${LABEL_NAMES[i]})`, fn, `a finite number in [${lo}, ${hi}]`, describeValue(v));
    }
  }
}

// ../../packages/synth/src/createSynthesizer.ts
var CH_DISSOCIATION_EV = 3.47;
var CH_CONSTANT = -7.4;
var CH_PARTITION = 100;
var SQRT_PI = Math.sqrt(Math.PI);
var LN10 = Math.log(10);
var NODE_SPACING = 10;
function createSynthesizer(opts = {}) {
  const wavelength = opts.wavelength ?? logUniformWavelength({ R: opts.R, lambdaMin: opts.lambdaMin, lambdaMax: opts.lambdaMax });
  const n = wavelength.length;
  if (n < 2) throw new SynthArgumentError("wavelength", "createSynthesizer", "at least 2 pixels", describeValue(wavelength));
  for (let i = 0; i < n; i++) {
    const w = wavelength[i];
    if (!(Number.isFinite(w) && w > 0) || i > 0 && w <= wavelength[i - 1]) {
      throw new SynthArgumentError("wavelength", "createSynthesizer", "positive and increasing", `pixel ${i} = ${w} \xC5 after ${wavelength[i - 1]} \xC5`);
    }
  }
  const lo = wavelength[0];
  const hi = wavelength[n - 1];
  const xi = (opts.microturbulence ?? 0) * 1e5;
  const eps = opts.opacityCutoff ?? 1e-4;
  const maxWindow = opts.maxWindow ?? 20;
  const hydrogen = opts.hydrogen ?? true;
  const lineList = opts.lineList ?? generateLineList({ seed: opts.lineListSeed ?? 1, lambdaMin: lo, lambdaMax: hi });
  const lnLam = new Float64Array(n);
  for (let i = 0; i < n; i++) lnLam[i] = Math.log(wavelength[i]);
  const nodeLo = lo - 2 * maxWindow;
  const nNodes = Math.ceil((hi + 2 * maxWindow - nodeLo) / NODE_SPACING) + 1;
  const nodeLam = Float64Array.from({ length: nNodes }, (_, k) => nodeLo + k * NODE_SPACING);
  const nodeKappa = new Float64Array(nNodes);
  const nodeR0 = new Float64Array(nNodes);
  const nodeAt = (lam) => {
    const p = Math.min(Math.max((lam - nodeLo) / NODE_SPACING, 0), nNodes - 1.000001);
    const k = Math.floor(p);
    return [k, p - k];
  };
  const pixNode = new Int32Array(n);
  const pixW = new Float64Array(n);
  for (let i = 0; i < n; i++) [pixNode[i], pixW[i]] = nodeAt(wavelength[i]);
  const species = [];
  const speciesKey = /* @__PURE__ */ new Map();
  const keep3 = [];
  for (let j = 0; j < lineList.size; j++) {
    const lam = lineList.lambda[j];
    if (lam >= lo - maxWindow && lam <= hi + maxWindow) keep3.push(j);
  }
  const m = keep3.length;
  const lSpecies = new Int32Array(m);
  const lLnLam = new Float64Array(m);
  const lLamCm = new Float64Array(m);
  const lCentre = new Int32Array(m);
  const lLnA = new Float64Array(m);
  const lChiLn10 = new Float64Array(m);
  const lGammaRad = new Float64Array(m);
  const lGamma6 = new Float64Array(m);
  const lNode = new Int32Array(m);
  const lNodeW = new Float64Array(m);
  let centre = 0;
  for (let q = 0; q < m; q++) {
    const j = keep3[q];
    const Z = lineList.Z[j];
    const ion = lineList.ion[j];
    const mol = lineList.molecule[j];
    const key = (mol * 4 + ion) * 128 + Z;
    let s = speciesKey.get(key);
    if (s === void 0) {
      s = species.length;
      speciesKey.set(key, s);
      species.push({ Z, ion, molecule: mol, mass: ATOMIC_MASS[Z] + (mol === MOLECULE_CH ? 1.008 : 0) });
    }
    const lam = lineList.lambda[j];
    lSpecies[q] = s;
    lLnLam[q] = Math.log(lam);
    lLamCm[q] = lam * 1e-8;
    while (centre < n && lnLam[centre] < lLnLam[q]) centre++;
    lCentre[q] = centre;
    lLnA[q] = Math.log(PI_E2_OVER_MC * lam * 1e-8 / SQRT_PI) + lineList.loggf[j] * LN10;
    lChiLn10[q] = lineList.chi[j] * LN10;
    const gRad = lineList.logGammaRad[j];
    lGammaRad[q] = Number.isNaN(gRad) ? 2223e12 / (lam * lam) : 10 ** gRad;
    const g6 = lineList.logGammaVdW[j];
    lGamma6[q] = 10 ** (Number.isNaN(g6) || g6 >= 0 ? -7.6 : g6);
    [lNode[q], lNodeW[q]] = nodeAt(lam);
  }
  const nSpecies = species.length;
  const spFactor = new Float64Array(nSpecies);
  const spVd = new Float64Array(nSpecies);
  const fr = new Float64Array(3);
  const balmer = hydrogen ? BALMER_LINES.filter((b) => b.lambda > lo - 300 && b.lambda < hi + 300) : [];
  const eta = new Float64Array(n);
  let record = null;
  function computeOpacity(labels) {
    validateLabels(labels, "synthesize");
    const ph = solvePhotosphere(labels);
    const T = ph.T;
    const theta = THETA_SCALE / T;
    for (let k = 0; k < nNodes; k++) {
      nodeKappa[k] = ph.Pe * hminusOpacityPerPe(nodeLam[k], T);
      nodeR0[k] = saturatedResidualFlux(nodeLam[k], T);
    }
    const pH = ph.perturberDensity * K_BOLTZMANN * T;
    for (let s = 0; s < nSpecies; s++) {
      const sp = species[s];
      const vd = Math.sqrt(2 * K_BOLTZMANN * T / (sp.mass * ATOMIC_MASS_UNIT) + xi * xi);
      spVd[s] = vd;
      const eps2 = 10 ** (SOLAR_ABUNDANCES[sp.Z] + labels[sp.Z - FIRST_ABUNDANCE_Z + 3] - 12);
      ionizationFractions(sp.Z, T, ph.Pe, fr);
      const u = partitionFunctions(sp.Z);
      if (sp.molecule === MOLECULE_CH) {
        const logK = CH_DISSOCIATION_EV * theta - 1.5 * Math.log10(T) + CH_CONSTANT;
        spFactor[s] = eps2 * fr[0] * pH * 10 ** logK / CH_PARTITION / vd;
      } else {
        spFactor[s] = eps2 * fr[sp.ion - 1] / u[sp.ion - 1] / vd;
      }
    }
    eta.fill(0);
    const damp6 = ph.perturberDensity * (T / 1e4) ** 0.3;
    for (let q = 0; q < m; q++) {
      const s = lSpecies[q];
      const node = lNode[q];
      const w = lNodeW[q];
      const kappa = nodeKappa[node] * (1 - w) + nodeKappa[node + 1] * w;
      const S = spFactor[s] * Math.exp(lLnA[q] - theta * lChiLn10[q]) / kappa;
      const vd = spVd[s];
      const a = (lGammaRad[q] + lGamma6[q] * damp6) * lLamCm[q] / (4 * Math.PI * vd);
      if (record) {
        const j = keep3[q];
        record.strength[j] = S;
        record.damping[j] = a;
        record.dopplerWidth[j] = vd * 1e-5;
      }
      if (!(S > eps)) continue;
      const invW = C_LIGHT / vd;
      let vmax = Math.max(Math.sqrt(Math.log(S / eps)), Math.sqrt(S * a / (SQRT_PI * eps)));
      const cap = maxWindow / (lLamCm[q] * 1e8) * invW;
      if (vmax > cap) vmax = cap;
      const lnL0 = lLnLam[q];
      const c0 = lCentre[q];
      const vWing = Math.max(5.5, 34 * Math.cbrt(a * a));
      const A = S * a / SQRT_PI;
      let i = c0;
      for (; i < n; i++) {
        const v = (lnLam[i] - lnL0) * invW;
        if (v > vmax || v >= vWing) break;
        eta[i] += S * voigtH(a, v);
      }
      for (; i < n; i++) {
        const v = (lnLam[i] - lnL0) * invW;
        if (v > vmax) break;
        const s2 = 1 / (v * v);
        eta[i] += A * s2 * (1 + s2 * (1.5 + s2 * (3.75 + 13.125 * s2)));
      }
      for (i = c0 - 1; i >= 0; i--) {
        const v = (lnL0 - lnLam[i]) * invW;
        if (v > vmax || v >= vWing) break;
        eta[i] += S * voigtH(a, v);
      }
      for (; i >= 0; i--) {
        const v = (lnL0 - lnLam[i]) * invW;
        if (v > vmax) break;
        const s2 = 1 / (v * v);
        eta[i] += A * s2 * (1 + s2 * (1.5 + s2 * (3.75 + 13.125 * s2)));
      }
    }
    for (const line of balmer) addBalmer(line, T, ph.Pe);
    return { r0Node: nodeR0 };
  }
  function addBalmer(line, T, Pe) {
    const Q = balmerWingCoefficient(line, T);
    const w = balmerCoreWidth(line, T, Pe);
    const w2 = w * w;
    const half = Math.min((Q / eps) ** 0.4, 300);
    let i = lowerBound(wavelength, line.lambda - half);
    const end = line.lambda + half;
    for (; i < n; i++) {
      const lam = wavelength[i];
      if (lam > end) break;
      const d = lam - line.lambda;
      const t = w2 + d * d;
      eta[i] += Q / (t * Math.sqrt(Math.sqrt(t)));
    }
  }
  return {
    wavelength,
    lineList,
    synthesize(labels, out) {
      const { r0Node } = computeOpacity(labels);
      const flux = out ?? new Float32Array(n);
      if (flux.length !== n) throw new SynthArgumentError("out", "synthesize", `a Float32Array of length ${n}`, describeValue(out));
      for (let i = 0; i < n; i++) {
        const k = pixNode[i];
        const w = pixW[i];
        const r0 = r0Node[k] * (1 - w) + r0Node[k + 1] * w;
        flux[i] = r0 + (1 - r0) / (1 + eta[i]);
      }
      return flux;
    },
    lineParameters(labels) {
      const size = lineList.size;
      const out = { strength: new Float64Array(size), damping: new Float64Array(size), dopplerWidth: new Float64Array(size) };
      record = out;
      try {
        computeOpacity(labels);
      } finally {
        record = null;
      }
      return out;
    },
    opacity(labels) {
      computeOpacity(labels);
      return Float64Array.from(eta);
    }
  };
}
function lowerBound(arr, x) {
  let a = 0;
  let b = arr.length;
  while (a < b) {
    const mid = a + b >>> 1;
    if (arr[mid] < x) a = mid + 1;
    else b = mid;
  }
  return a;
}

// ../../packages/synth/src/synthesize.ts
var SCALAR_KEYS = ["R", "lambdaMin", "lambdaMax", "lineListSeed", "microturbulence", "hydrogen", "opacityCutoff", "maxWindow"];
var cache = [];
var CACHE_SIZE = 4;
function synthesizerFor(opts = {}) {
  const key = SCALAR_KEYS.map((k) => String(opts[k])).join("|");
  const hit = cache.find((c) => c.key === key && c.wavelength === opts.wavelength && c.lineList === opts.lineList);
  if (hit) return hit.synth;
  const synth = createSynthesizer(opts);
  cache.unshift({ key, wavelength: opts.wavelength, lineList: opts.lineList, synth });
  if (cache.length > CACHE_SIZE) cache.pop();
  return synth;
}

// ../../packages/synth/src/makeGrid.ts
var KIND_CODE = { train: 1, pretrain: 2, validation: 3 };
function gridDomain(kind) {
  if (kind === "pretrain") {
    return LABEL_SPECS.map((s) => s.name === "Teff" ? { ...s, min: 5e3, max: 5e3 } : s.name === "logg" ? { ...s, min: 4.5, max: 4.5 } : s);
  }
  return LABEL_SPECS;
}
function makeGrid(opts) {
  const { kind, n } = opts;
  if (!(kind in KIND_CODE)) {
    throw new SynthArgumentError("kind", "makeGrid", "one of 'train', 'pretrain', 'validation'", describeValue(kind));
  }
  if (!(Number.isInteger(n) && n >= 0)) throw new SynthArgumentError("n", "makeGrid", "a non-negative integer", describeValue(n));
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed)) throw new SynthArgumentError("seed", "makeGrid", "an integer", describeValue(seed));
  const synth = opts.synthesizer ?? synthesizerFor(opts);
  const specs = gridDomain(kind);
  const wavelength = synth.wavelength;
  const m = wavelength.length;
  const meta = {
    generator: "@astroemu/synth",
    kind,
    seed,
    n,
    medium: "air",
    fluxUnit: "continuum-normalised",
    lineListSeed: opts.lineList ? "custom" : opts.lineListSeed ?? 1,
    lineCount: synth.lineList.size,
    R: opts.wavelength ? "custom" : opts.R ?? 1e5,
    microturbulence: opts.microturbulence ?? 0,
    labelSpecs: specs
  };
  const checkRow = (i, fn) => {
    if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new SynthArgumentError("i", fn, `an integer row in [0, ${n})`, describeValue(i));
  };
  const labelsOf = (i) => {
    const rand = mulberry32(hashSeed(seed, KIND_CODE[kind], i));
    const v = new Float64Array(LABEL_COUNT);
    for (let k = 0; k < LABEL_COUNT; k++) {
      const s = specs[k];
      v[k] = Math.fround(s.min + (s.max - s.min) * rand());
    }
    return v;
  };
  const grid = {
    kind,
    n,
    seed,
    labelNames: [...LABEL_NAMES],
    labelSpecs: specs,
    wavelength,
    meta,
    labels(i) {
      checkRow(i, "labels");
      return labelsOf(i);
    },
    spectrum(i, out) {
      checkRow(i, "spectrum");
      return synth.synthesize(labelsOf(i), out);
    },
    batch(indices) {
      const k = indices.length;
      const labels = new Float32Array(k * LABEL_COUNT);
      const flux = new Float32Array(k * m);
      for (let r = 0; r < k; r++) {
        const i = indices[r];
        checkRow(i, "batch");
        const l = labelsOf(i);
        labels.set(l, r * LABEL_COUNT);
        synth.synthesize(l, flux.subarray(r * m, (r + 1) * m));
      }
      return { labelNames: [...LABEL_NAMES], labels, wavelength, flux, meta };
    },
    *batches(size = 256) {
      if (!(Number.isInteger(size) && size > 0)) throw new SynthArgumentError("size", "batches", "a positive integer", describeValue(size));
      for (let start = 0; start < n; start += size) {
        const end = Math.min(n, start + size);
        yield grid.batch(Array.from({ length: end - start }, (_, r) => start + r));
      }
    }
  };
  return grid;
}

// ../../packages/synth/src/observe.ts
init_src();
function observe(wavelength, flux, opts = {}) {
  if (flux.length !== wavelength.length) {
    throw new SynthArgumentError("flux", "observe", `length ${wavelength.length} (the wavelength grid)`, describeValue(flux));
  }
  let f = flux;
  if (opts.vsini) f = broadenRotational(wavelength, f, opts.vsini);
  if (opts.rv) f = dopplerShift(wavelength, f, opts.rv);
  if (opts.R !== void 0) f = broadenGaussian(wavelength, f, opts.R);
  const out = Float32Array.from(f);
  const ivar = new Float32Array(out.length);
  if (opts.snr !== void 0) {
    if (!(opts.snr > 0)) throw new SynthArgumentError("snr", "observe", "a positive number", describeValue(opts.snr));
    const rand = mulberry32(opts.seed ?? 1);
    for (let i = 0; i < out.length; i++) {
      const sigma = Math.max(out[i], 1e-3) / opts.snr;
      out[i] = out[i] + sigma * gaussian(rand);
      ivar[i] = 1 / (sigma * sigma);
    }
  }
  return { flux: out, ivar };
}

// src/evaluateForReport.ts
import * as tf2 from "@tensorflow/tfjs";

// ../../packages/metrics/src/errors.ts
var ShapeError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ShapeError";
  }
};
var DomainError2 = class extends Error {
  constructor(message) {
    super(message);
    this.name = "DomainError";
  }
};

// ../../packages/metrics/src/numericArray.ts
function checkPair(who, predicted, truth) {
  if (!ArrayBuffer.isView(predicted) || !ArrayBuffer.isView(truth)) {
    throw new ShapeError(`${who}: predicted and truth must be Float32Array or Float64Array; got ${typeof predicted} and ${typeof truth}`);
  }
  if (predicted.length !== truth.length) {
    throw new ShapeError(`${who}: predicted has ${predicted.length} values but truth has ${truth.length}; expected equal lengths`);
  }
  if (predicted.length === 0) throw new ShapeError(`${who}: predicted and truth are empty; expected at least one value`);
}

// ../../packages/metrics/src/selectTop.ts
function selectTop(a, k) {
  const n = a.length;
  k = Math.max(0, Math.min(k, n));
  if (k === 0) return new Float64Array(0);
  const target = n - k;
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = lo + hi >>> 1;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return Float64Array.from(a.subarray(target)).sort().reverse();
}
function swap(a, i, j) {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

// ../../packages/metrics/src/upperTail.ts
function tailSize(n) {
  return Math.ceil(n / 20) + 2;
}
function maqe95Count(n) {
  return Math.ceil(n / 20);
}
function qaeFromTop(top, n, q) {
  if (n === 0) return NaN;
  const h = (n - 1) * q / 100;
  const lo = Math.floor(h);
  const at = (ascIndex) => top[n - 1 - ascIndex];
  const a = at(lo);
  if (lo + 1 >= n) return a;
  const b = at(lo + 1);
  return a + (h - lo) * (b - a);
}
function maqe95FromTop(top, n) {
  const k = maqe95Count(n);
  if (k === 0) return NaN;
  let s = 0;
  for (let i = 0; i < k; i++) s += top[i];
  return s / k;
}

// ../../packages/metrics/src/percentileLinear.ts
var BAND_PERCENTILES = [2.5, 16, 50, 84, 97.5];
function percentileLinear(sorted, q, n = sorted.length) {
  if (n === 0) return NaN;
  const h = (n - 1) * q / 100;
  const lo = Math.floor(h);
  if (lo + 1 >= n) return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

// ../../packages/metrics/src/residualCorrelation.ts
var CorrelationAccumulator = class {
  // K × K, Σ (x_i − x̄_i)(x_j − x̄_j)
  constructor(indices, m) {
    this.indices = indices;
    for (const j of indices) {
      if (!(j >= 0 && j < m)) throw new DomainError2(`MetricsAccumulator: correlation index ${j} is outside the ${m} wavelengths [0, ${m - 1}]`);
    }
    const K = indices.length;
    this.mean = new Float64Array(K);
    this.comoment = new Float64Array(K * K);
  }
  indices;
  n = 0;
  mean;
  comoment;
  /** Adds rows of residuals (nb × m, row-major, float64). */
  add(residuals, nb, m) {
    const K = this.indices.length;
    const meanB = new Float64Array(K);
    const d = new Float64Array(nb * K);
    for (let r = 0; r < nb; r++) for (let a = 0; a < K; a++) meanB[a] += residuals[r * m + this.indices[a]];
    for (let a = 0; a < K; a++) meanB[a] /= nb;
    for (let r = 0; r < nb; r++) for (let a = 0; a < K; a++) d[r * K + a] = residuals[r * m + this.indices[a]] - meanB[a];
    const na = this.n;
    const n = na + nb;
    const w = na * nb / n;
    const delta = new Float64Array(K);
    for (let a = 0; a < K; a++) delta[a] = meanB[a] - this.mean[a];
    const C = this.comoment;
    for (let a = 0; a < K; a++) {
      for (let b = a; b < K; b++) {
        let s = 0;
        for (let r = 0; r < nb; r++) s += d[r * K + a] * d[r * K + b];
        const v = C[a * K + b] + s + delta[a] * delta[b] * w;
        C[a * K + b] = v;
        C[b * K + a] = v;
      }
    }
    for (let a = 0; a < K; a++) this.mean[a] += delta[a] * nb / n;
    this.n = n;
  }
  result() {
    const K = this.indices.length;
    const C = this.comoment;
    const matrix = new Float64Array(K * K);
    const off = [];
    for (let a = 0; a < K; a++) {
      for (let b = 0; b < K; b++) {
        const denom = Math.sqrt(C[a * K + a] * C[b * K + b]);
        const r = this.n < 2 || denom === 0 ? NaN : Math.max(-1, Math.min(1, C[a * K + b] / denom));
        matrix[a * K + b] = r;
        if (b > a && !Number.isNaN(r)) off.push(r);
      }
    }
    off.sort((x, y) => x - y);
    const h = off.length;
    const medianOffDiagonal = h === 0 ? NaN : h % 2 ? off[(h - 1) / 2] : (off[h / 2 - 1] + off[h / 2]) / 2;
    return { indices: Int32Array.from(this.indices), matrix, medianOffDiagonal };
  }
};

// ../../packages/metrics/src/topKHeap.ts
var TopKHeap = class {
  constructor(capacity) {
    this.capacity = capacity;
    this.heap = new Float64Array(Math.max(0, capacity));
  }
  capacity;
  heap;
  size = 0;
  push(x) {
    const h = this.heap;
    if (this.size < this.capacity) {
      let i = this.size++;
      while (i > 0) {
        const p = i - 1 >> 1;
        if (h[p] <= x) break;
        h[i] = h[p];
        i = p;
      }
      h[i] = x;
    } else if (this.capacity > 0 && x > h[0]) {
      let i = 0;
      const n = this.size;
      for (; ; ) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && h[l + 1] < h[l] ? l + 1 : l;
        if (h[c] >= x) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = x;
    }
  }
  /** The kept values, sorted descending. */
  sortedDescending() {
    return this.heap.slice(0, this.size).sort().reverse();
  }
};

// ../../packages/metrics/src/MetricsAccumulator.ts
var WHO = "MetricsAccumulator.add";
var MetricsAccumulator = class {
  m = 0;
  spectra = 0;
  sumSq = 0;
  sumAbs = 0;
  sumRel = 0;
  max = 0;
  hasNaN = false;
  blocks = [];
  heap;
  corr;
  options;
  constructor(options = {}) {
    this.options = options;
    if (options.keepResiduals === false) {
      const e = options.expectedCount;
      if (e === void 0 || !Number.isSafeInteger(e) || e <= 0) {
        throw new DomainError2(
          `MetricsAccumulator: with keepResiduals: false, expectedCount must be a positive integer (the total N \xD7 M, for exact QAE0.95/MAQE0.95); got ${e}`
        );
      }
      this.heap = new TopKHeap(tailSize(e));
    }
  }
  /**
   * Adds a batch. Give n (spectra) and/or m (wavelengths); missing ones are inferred from the length
   * and from earlier batches (a first batch with neither is one spectrum).
   */
  add(predicted, truth, n, m) {
    checkPair(WHO, predicted, truth);
    const len = predicted.length;
    if (m === void 0) m = n !== void 0 ? len / n : this.m || len;
    if (n === void 0) n = len / m;
    if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m <= 0 || n <= 0 || n * m !== len) {
      throw new ShapeError(`${WHO}: batch of ${len} values does not split into n \xD7 m = ${n} \xD7 ${m}`);
    }
    if (this.m !== 0 && m !== this.m) {
      throw new ShapeError(`${WHO}: batch has m = ${m} wavelengths but earlier batches had ${this.m}`);
    }
    const total = (this.spectra + n) * m;
    if (this.heap && total > this.options.expectedCount) {
      throw new ShapeError(`${WHO}: ${total} values added but expectedCount is ${this.options.expectedCount}`);
    }
    if (this.m === 0) {
      this.m = m;
      const c = this.options.correlation ?? "auto";
      if (c !== false) {
        const idx = c === "auto" ? m <= 512 ? Array.from({ length: m }, (_, i) => i) : Array.from({ length: 512 }, (_, i) => Math.round(i * (m - 1) / 511)) : c;
        this.corr = new CorrelationAccumulator(Int32Array.from(idx), m);
      }
    }
    const residuals = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      const e = predicted[i] - truth[i];
      residuals[i] = e;
      const a = Math.abs(e);
      this.sumSq += e * e;
      this.sumAbs += a;
      this.sumRel += a / Math.abs(truth[i]);
      if (Number.isNaN(a)) this.hasNaN = true;
      else if (a > this.max) this.max = a;
      this.heap?.push(a);
    }
    if (this.options.keepResiduals !== false) this.blocks.push(Float32Array.from(residuals));
    this.corr?.add(residuals, n, m);
    this.spectra += n;
    return this;
  }
  /** The metrics of everything added so far. */
  result() {
    const m = this.m;
    const count = this.spectra * m;
    if (count === 0) throw new ShapeError("MetricsAccumulator.result: no batch has been added");
    let top;
    if (this.heap) {
      top = this.heap.sortedDescending();
    } else {
      const abs = new Float64Array(count);
      let p = 0;
      for (const b of this.blocks) for (let i = 0; i < b.length; i++) abs[p++] = Math.abs(b[i]);
      top = selectTop(abs, tailSize(count));
    }
    const out = {
      count,
      spectra: this.spectra,
      wavelengths: m,
      mse: this.sumSq / count,
      mae: this.sumAbs / count,
      maxAE: this.hasNaN ? NaN : this.max,
      mare: this.sumRel / count,
      qae95: this.hasNaN ? NaN : qaeFromTop(top, count, 95),
      maqe95: this.hasNaN ? NaN : maqe95FromTop(top, count)
    };
    if (this.options.keepResiduals !== false) out.bands = this.bands();
    if (this.corr) out.correlation = this.corr.result();
    return out;
  }
  bands() {
    const m = this.m;
    const N = this.spectra;
    const values = BAND_PERCENTILES.map(() => new Float64Array(m));
    const col = new Float32Array(N);
    for (let j = 0; j < m; j++) {
      let p = 0;
      for (const b of this.blocks) for (let i = j; i < b.length; i += m) col[p++] = b[i];
      col.sort();
      const valid = col.findIndex(Number.isNaN);
      BAND_PERCENTILES.forEach((q, k) => values[k][j] = valid >= 0 ? NaN : percentileLinear(col, q));
    }
    return { percentiles: [...BAND_PERCENTILES], values };
  }
};

// src/evaluateForReport.ts
async function evaluateForReport(emulator, source, batchSize = 32) {
  const M = source.wavelength.length;
  const columns = emulator.labels.map((l) => source.labelNames.indexOf(l.name));
  const W = source.labelNames.length;
  const L = columns.length;
  const acc = new MetricsAccumulator({ keepResiduals: true, correlation: false });
  const stride = Math.max(1, Math.ceil(source.numRows * M / 2e6));
  const residuals = [];
  let example;
  let k = 0;
  for (let start = 0; start < source.numRows; start += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, source.numRows - start) }, (_, i) => start + i);
    const rows = await source.rows(idx);
    const labels = new Float32Array(idx.length * L);
    for (let r = 0; r < idx.length; r++) for (let j = 0; j < L; j++) labels[r * L + j] = rows.labels[r * W + columns[j]];
    const x = tf2.tensor2d(labels, [idx.length, L]);
    const y = emulator.wavelength.fixed ? emulator.predict(x) : emulator.predict(x, source.wavelength);
    const predicted = await y.data();
    x.dispose();
    y.dispose();
    acc.add(predicted, rows.flux, idx.length, M);
    for (let i = 0; i < predicted.length; i++, k++) if (k % stride === 0) residuals.push(predicted[i] - rows.flux[i]);
    example ??= { labels: labels.slice(0, L), truth: rows.flux.slice(0, M), predicted: predicted.slice(0, M) };
  }
  return { metrics: acc.result(), residuals: Float32Array.from(residuals), example };
}

// src/writeReport.ts
import { mkdir as mkdir2, rename as rename2, writeFile as writeFile2 } from "node:fs/promises";
import { join, relative } from "node:path";

// ../../packages/plots/src/renderSvg.ts
import { compile } from "vega-lite";
import { parse, View } from "vega";

// ../../packages/plots/src/errors.ts
var PlotError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "PlotError";
  }
};

// ../../packages/plots/src/renderSvg.ts
async function renderSvg(spec) {
  if (spec === null || typeof spec !== "object") {
    throw new PlotError(`Argument 'spec' passed to 'renderSvg' must be a vega-lite spec object; got ${spec === null ? "null" : typeof spec}`);
  }
  let view;
  try {
    const vegaSpec = compile(spec).spec;
    view = new View(parse(vegaSpec), { renderer: "none", logLevel: 0 });
    return await view.toSVG();
  } catch (e) {
    throw new PlotError(`renderSvg: vega could not render the spec: ${e.message}`);
  } finally {
    view?.finalize();
  }
}

// ../../packages/plots/src/renderPng.ts
import { Resvg } from "@resvg/resvg-js";
async function renderPng(input, opts = {}) {
  const svg = typeof input === "string" ? input : await renderSvg(input);
  if (!svg.includes("<svg")) throw new PlotError(`Argument 'input' passed to 'renderPng' must be a spec or an SVG string; got a string without '<svg'`);
  if (opts.width !== void 0 && !(Number.isInteger(opts.width) && opts.width > 0 && opts.width <= 16384)) {
    throw new PlotError(`Option 'width' passed to 'renderPng' must be an integer in [1, 16384]; got ${opts.width}`);
  }
  const svgWidth = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? NaN);
  const width = opts.width ?? (Number.isFinite(svgWidth) ? Math.round(2 * svgWidth) : 1200);
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: width },
    background: opts.background ?? "white",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" }
  });
  return new Uint8Array(resvg.render().asPng());
}

// ../../packages/plots/src/writePlot.ts
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
async function writePlot(pathWithoutExt, spec, opts = {}) {
  const svg = await renderSvg(spec);
  const png = await renderPng(svg, opts);
  await mkdir(dirname(pathWithoutExt), { recursive: true });
  const out = { svg: `${pathWithoutExt}.svg`, png: `${pathWithoutExt}.png` };
  await atomicWrite(out.svg, svg);
  await atomicWrite(out.png, png);
  return out;
}
async function atomicWrite(path, data) {
  const tmp = `${dirname(path)}/.${basename(path)}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

// ../../packages/plots/src/plotSpec.ts
var PLOT_CONFIG = {
  background: "white",
  font: "DejaVu Sans, Helvetica, Arial, sans-serif",
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridOpacity: 0.4 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 13 }
};
var VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

// ../../packages/plots/src/checkInputs.ts
function checkLength(who, name, values, expected) {
  if (values === void 0 || typeof values.length !== "number") {
    throw new PlotError(`Argument '${name}' passed to '${who}' must be an array of numbers; got ${values === void 0 ? "undefined" : typeof values}`);
  }
  if (expected === void 0 ? values.length < 1 : values.length !== expected) {
    const want = expected === void 0 ? "at least 1 value" : `${expected} values`;
    throw new PlotError(`Argument '${name}' passed to '${who}' must hold ${want}; got ${values.length}`);
  }
}
function strideIndices(n, maxPoints) {
  if (!(Number.isInteger(maxPoints) && maxPoints >= 2)) {
    throw new PlotError(`Option 'maxPoints' must be an integer \u2265 2; got ${maxPoints}`);
  }
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const step = Math.ceil(n / maxPoints);
  const out = [];
  for (let i = 0; i < n; i += step) out.push(i);
  if (out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}
function finiteOrNull(x) {
  return Number.isFinite(x) ? x : null;
}

// ../../packages/plots/src/lossCurvePlot.ts
function lossCurvePlot(opts) {
  const who = "lossCurvePlot";
  const train = opts.train ?? [];
  const validation = opts.validation ?? [];
  if (train.length + validation.length === 0) throw new PlotError(`${who}: 'train' and 'validation' are both empty; nothing to plot`);
  const rows = [];
  for (const i of strideIndices(train.length, opts.maxPoints ?? 2e3)) {
    const p = train[i];
    rows.push({ step: p.step, value: positive(p.loss), series: "train loss (MSE)" });
  }
  for (const v of validation) {
    for (const [key, value] of Object.entries(v)) {
      if (key === "step" || typeof value !== "number") continue;
      rows.push({ step: v.step, value: positive(value), series: `validation ${key}` });
    }
  }
  const encoding = {
    x: { field: "step", type: "quantitative", title: "Step" },
    y: { field: "value", type: "quantitative", title: "Loss / metric", scale: { type: "log" } },
    color: { field: "series", type: "nominal", title: null }
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    ...opts.title ? { title: opts.title } : {},
    width: opts.width ?? 480,
    height: opts.height ?? 280,
    data: { values: rows },
    transform: [{ filter: "datum.value != null" }],
    layer: [
      { mark: { type: "line", strokeWidth: 1.2, clip: true }, encoding },
      { transform: [{ filter: "indexof(datum.series, 'validation') == 0" }], mark: { type: "point", filled: true, size: 28 }, encoding }
    ]
  };
}
function positive(x) {
  const v = finiteOrNull(x);
  return v !== null && v > 0 ? v : null;
}

// ../../packages/plots/src/residualBandsPlot.ts
var NEEDED = [2.5, 16, 50, 84, 97.5];
function residualBandsPlot(opts) {
  const who = "residualBandsPlot";
  const { wavelength, bands } = opts;
  checkLength(who, "wavelength", wavelength);
  const M = wavelength.length;
  const at = NEEDED.map((p) => {
    const k = bands.percentiles.findIndex((q) => Math.abs(q - p) < 1e-9);
    if (k < 0) throw new PlotError(`Argument 'bands' passed to '${who}' must include percentile ${p}; got [${bands.percentiles.join(", ")}]`);
    checkLength(who, `bands.values[${k}]`, bands.values[k], M);
    return bands.values[k];
  });
  const [p2, p16, p50, p84, p97] = at;
  const rows = strideIndices(M, opts.maxPoints ?? 3e3).map((i) => ({
    wavelength: wavelength[i],
    p2_5: finiteOrNull(p2[i]),
    p16: finiteOrNull(p16[i]),
    p50: finiteOrNull(p50[i]),
    p84: finiteOrNull(p84[i]),
    p97_5: finiteOrNull(p97[i])
  }));
  const x = { field: "wavelength", type: "quantitative", title: "Wavelength (\xC5)", axis: { format: ".6~g" }, scale: { zero: false, nice: false } };
  const yTitle = "Residual (predicted \u2212 true flux)";
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    title: { text: opts.title ?? "Residuals vs wavelength", subtitle: "median (line), 1\u03C3 = 16\u201384 % (dark), 2\u03C3 = 2.5\u201397.5 % (light)" },
    width: opts.width ?? 640,
    height: opts.height ?? 240,
    data: { values: rows },
    layer: [
      {
        mark: { type: "area", color: "#9ecae1", opacity: 0.7 },
        encoding: { x, y: { field: "p2_5", type: "quantitative", title: yTitle }, y2: { field: "p97_5" } }
      },
      {
        mark: { type: "area", color: "#3182bd", opacity: 0.8 },
        encoding: { x, y: { field: "p16", type: "quantitative" }, y2: { field: "p84" } }
      },
      { mark: { type: "line", color: "black", strokeWidth: 0.8 }, encoding: { x, y: { field: "p50", type: "quantitative" } } },
      { data: { values: [{}] }, mark: { type: "rule", color: "#888", strokeDash: [3, 3] }, encoding: { y: { datum: 0, type: "quantitative" } } }
    ]
  };
}

// ../../packages/plots/src/residualHistogramPlot.ts
function residualHistogramPlot(opts) {
  const who = "residualHistogramPlot";
  if (!opts.series?.length) throw new PlotError(`Argument 'series' passed to '${who}' must hold at least one set of residuals; got none`);
  opts.series.forEach((s, i) => checkLength(who, `series[${i}].residuals`, s.residuals));
  const nBins = opts.bins ?? 60;
  if (!(Number.isInteger(nBins) && nBins >= 1 && nBins <= 1e4)) throw new PlotError(`Option 'bins' passed to '${who}' must be an integer in [1, 10000]; got ${nBins}`);
  const [lo, hi] = opts.range ?? defaultRange(opts.series.map((s) => s.residuals));
  if (!(hi > lo)) throw new PlotError(`Option 'range' passed to '${who}' must satisfy max > min; got [${lo}, ${hi}]`);
  const width = (hi - lo) / nBins;
  const rows = [];
  for (const s of opts.series) {
    const counts = new Float64Array(nBins);
    let n = 0;
    for (let i = 0; i < s.residuals.length; i++) {
      const v = s.residuals[i];
      if (!Number.isFinite(v)) continue;
      n++;
      const b = Math.min(nBins - 1, Math.max(0, Math.floor((v - lo) / width)));
      counts[b] += 1;
    }
    for (let b = 0; b < nBins; b++) {
      if (counts[b] > 0) rows.push({ series: s.name, lo: lo + b * width, hi: lo + (b + 1) * width, fraction: counts[b] / n });
    }
  }
  const log = opts.logCount ?? true;
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    ...opts.title ? { title: opts.title } : {},
    width: opts.width ?? 360,
    height: opts.height ?? 240,
    data: { values: rows },
    mark: { type: "bar", opacity: 0.55, binSpacing: 0 },
    encoding: {
      x: { field: "lo", type: "quantitative", title: "Residual (predicted \u2212 true flux)", scale: { domain: [lo, hi] } },
      x2: { field: "hi" },
      y: { field: "fraction", type: "quantitative", title: "Fraction of pixels", stack: null, ...log ? { scale: { type: "log" } } : {} },
      color: { field: "series", type: "nominal", title: null }
    }
  };
}
function defaultRange(sets) {
  const all = [];
  for (const s of sets) {
    const step = Math.max(1, Math.floor(s.length / 2e5));
    for (let i = 0; i < s.length; i += step) if (Number.isFinite(s[i])) all.push(Math.abs(s[i]));
  }
  if (all.length === 0) throw new PlotError(`residualHistogramPlot: every residual is NaN or infinite`);
  all.sort((a, b) => a - b);
  const r = all[Math.min(all.length - 1, Math.floor(0.999 * all.length))] || 1e-6;
  return [-r, r];
}

// ../../packages/plots/src/spectrumComparisonPlot.ts
function spectrumComparisonPlot(opts) {
  const who = "spectrumComparisonPlot";
  const { wavelength, truth } = opts;
  checkLength(who, "wavelength", wavelength);
  const M = wavelength.length;
  checkLength(who, "truth", truth, M);
  if (!opts.predicted?.length) throw new PlotError(`Argument 'predicted' passed to '${who}' must hold at least one spectrum; got none`);
  opts.predicted.forEach((p, i) => checkLength(who, `predicted[${i}].flux`, p.flux, M));
  const [lo, hi] = opts.range ?? [wavelength[0], wavelength[M - 1]];
  const inRange = [];
  for (let i = 0; i < M; i++) if (wavelength[i] >= lo && wavelength[i] <= hi) inRange.push(i);
  if (inRange.length === 0) throw new PlotError(`Option 'range' passed to '${who}' must overlap the wavelengths [${wavelength[0]}, ${wavelength[M - 1]}]; got [${lo}, ${hi}]`);
  const picked = strideIndices(inRange.length, opts.maxPoints ?? 3e3).map((k) => inRange[k]);
  const flux = [];
  const residual = [];
  for (const i of picked) flux.push({ wavelength: wavelength[i], flux: finiteOrNull(truth[i]), series: "true" });
  for (const p of opts.predicted) {
    for (const i of picked) {
      flux.push({ wavelength: wavelength[i], flux: finiteOrNull(p.flux[i]), series: p.name });
      residual.push({ wavelength: wavelength[i], residual: finiteOrNull(p.flux[i] - truth[i]), series: p.name });
    }
  }
  const names = ["true", ...opts.predicted.map((p) => p.name)];
  const palette = ["black", "#e6550d", "#3182bd", "#31a354", "#756bb1", "#636363"];
  const color = { field: "series", type: "nominal", title: null, scale: { domain: names, range: names.map((_, i) => palette[i % palette.length]) } };
  const x = { field: "wavelength", type: "quantitative", title: "Wavelength (\xC5)", axis: { format: ".6~g" }, scale: { domain: [lo, hi], nice: false, zero: false } };
  const width = opts.width ?? 640;
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    ...opts.title ? { title: opts.title } : {},
    vconcat: [
      {
        width,
        height: 220,
        data: { values: flux },
        mark: { type: "line", strokeWidth: 1, clip: true },
        encoding: { x: { ...x, title: null }, y: { field: "flux", type: "quantitative", title: "Normalized flux", scale: { zero: false } }, color }
      },
      {
        width,
        height: 110,
        data: { values: residual },
        layer: [
          { data: { values: [{}] }, mark: { type: "rule", color: "#888", strokeDash: [3, 3] }, encoding: { y: { datum: 0, type: "quantitative" } } },
          { mark: { type: "line", strokeWidth: 1, clip: true }, encoding: { x, y: { field: "residual", type: "quantitative", title: "Residual" }, color } }
        ]
      }
    ],
    resolve: { scale: { color: "shared" } }
  };
}

// ../../packages/plots/src/attentionMapPlot.ts
function attentionMapPlot(opts) {
  const who = "attentionMapPlot";
  const shape = opts.shape;
  if (!Array.isArray(shape) || shape.length !== 4 || !shape.every((s) => Number.isInteger(s) && s > 0)) {
    throw new PlotError(`Argument 'shape' passed to '${who}' must be [layers, heads, M, tokens] of positive integers; got [${shape}]`);
  }
  const [Lyr, H, M, T] = shape;
  checkLength(who, "values", opts.values, Lyr * H * M * T);
  if (opts.wavelength) checkLength(who, "wavelength", opts.wavelength, M);
  const at = (l, h, m, t) => opts.values[((l * H + h) * M + m) * T + t];
  const rows = [];
  let rowTitle;
  let title = opts.title;
  const v = opts.view;
  if (v.kind === "layer-head") {
    checkIndex(who, "view.wavelengthIndex", v.wavelengthIndex, M);
    for (let l = 0; l < Lyr; l++) {
      for (let h = 0; h < H; h++) {
        for (let t = 0; t < T; t++) rows.push({ row: `block ${l + 1} \xB7 head ${h + 1}`, order: l * H + h, token: t + 1, weight: at(l, h, v.wavelengthIndex, t) });
      }
    }
    rowTitle = "Block \xB7 head";
    const lam = opts.wavelength?.[v.wavelengthIndex];
    title ??= lam === void 0 ? `Attention at wavelength #${v.wavelengthIndex}` : `Attention at ${lam.toFixed(2)} \xC5`;
  } else if (v.kind === "wavelength") {
    checkIndex(who, "view.layer", v.layer, Lyr);
    checkIndex(who, "view.head", v.head, H);
    const maxRows = opts.maxRows ?? 200;
    const step = Math.max(1, Math.ceil(M / maxRows));
    for (let m = 0; m < M; m += step) {
      const label = opts.wavelength ? opts.wavelength[m].toFixed(2) : String(m);
      for (let t = 0; t < T; t++) rows.push({ row: label, order: m, token: t + 1, weight: at(v.layer, v.head, m, t) });
    }
    rowTitle = opts.wavelength ? "Wavelength (\xC5)" : "Wavelength index";
    title ??= `Attention of block ${v.layer + 1}, head ${v.head + 1}`;
  } else {
    throw new PlotError(`Option 'view.kind' passed to '${who}' must be 'layer-head' or 'wavelength'; got ${String(v.kind)}`);
  }
  const nRows = new Set(rows.map((r) => r.order)).size;
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    title,
    width: Math.max(160, 22 * T),
    height: Math.min(600, Math.max(120, 12 * nRows)),
    data: { values: rows },
    mark: { type: "rect" },
    encoding: {
      x: { field: "token", type: "ordinal", title: "Label token" },
      y: { field: "row", type: "ordinal", title: rowTitle, sort: { field: "order", op: "min" }, axis: nRows > 40 ? { labelOverlap: "greedy" } : {} },
      color: { field: "weight", type: "quantitative", title: "Attention weight", scale: { scheme: "viridis", domainMin: 0 } }
    }
  };
}
function checkIndex(who, name, i, n) {
  if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new PlotError(`Option '${name}' passed to '${who}' must be an integer in [0, ${n}); got ${i}`);
}

// ../../packages/plots/src/scalingPlot.ts
function scalingPlot(opts) {
  const who = "scalingPlot";
  if (!opts.points?.length) throw new PlotError(`Argument 'points' passed to '${who}' must hold at least one point; got none`);
  const bad = opts.points.findIndex((p) => !(p.size > 0 && p.value > 0 && Number.isFinite(p.size) && Number.isFinite(p.value)));
  if (bad >= 0) throw new PlotError(`Argument 'points' passed to '${who}': point ${bad} has size ${opts.points[bad].size}, value ${opts.points[bad].value}; log axes need finite positive numbers`);
  const rows = opts.points.map((p) => ({ model: p.model, size: p.size, value: p.value, metric: p.metric ?? "metric", variant: p.variant ?? "", series: `${p.model} ${p.variant ?? ""}`.trim() }));
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const hasVariant = rows.some((r) => r.variant !== "");
  const encoding = {
    x: { field: "size", type: "quantitative", title: opts.xTitle ?? "Training-set size (spectra)", scale: { type: "log" } },
    y: { field: "value", type: "quantitative", title: metrics.length === 1 ? metrics[0] : "Value", scale: { type: "log" } },
    color: { field: "model", type: "nominal", title: "Model" },
    detail: { field: "series" },
    ...hasVariant ? { strokeDash: { field: "variant", type: "nominal", title: "Training" } } : {}
  };
  const layered = {
    width: opts.width ?? 260,
    height: opts.height ?? 220,
    layer: [
      { mark: { type: "line", strokeWidth: 1.5 }, encoding },
      { mark: { type: "point", filled: true, size: 36 }, encoding: { ...encoding, ...hasVariant ? { shape: { field: "variant", type: "nominal", title: "Training" } } : {} } }
    ]
  };
  const base = { $schema: VEGA_LITE_SCHEMA, config: PLOT_CONFIG, ...opts.title ? { title: opts.title } : {}, data: { values: rows } };
  if (metrics.length === 1) return { ...base, ...layered };
  return {
    ...base,
    facet: { column: { field: "metric", type: "nominal", title: null, sort: metrics } },
    spec: layered,
    resolve: { scale: { y: "independent" } }
  };
}

// src/attentionFigure.ts
import * as tf21 from "@tensorflow/tfjs";

// ../../packages/transformer-payne/src/registerTransformerPayne.ts
init_src2();

// ../../packages/transformer-payne/src/transformerPayne.ts
import * as tf19 from "@tensorflow/tfjs";

// ../../packages/attention/src/Parameters.ts
import * as tf8 from "@tensorflow/tfjs";

// ../../packages/attention/src/errors.ts
var ShapeError3 = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ShapeError";
  }
};
var ParameterError = class extends Error {
  /** The parameter concerned, when there is one. */
  parameter;
  constructor(message, parameter) {
    super(message);
    this.name = "ParameterError";
    if (parameter !== void 0) this.parameter = parameter;
  }
};
function formatShape(shape) {
  return `[${shape.join(", ")}]`;
}
function checkPositiveInt(who, field, value) {
  if (!Number.isInteger(value) || value < 1) {
    throw new ParameterError(`${who}: option '${field}' must be a positive integer; got ${value}`);
  }
}

// ../../packages/attention/src/initializers.ts
import * as tf7 from "@tensorflow/tfjs";
var TRUNCATED_STD = 0.8796256610342398;
function fans(shape) {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}
function varianceScaling(opts = {}) {
  const { scale = 1, mode = "fanIn", distribution = "truncatedNormal" } = opts;
  return (shape, seed) => {
    const { fanIn, fanOut } = fans(shape);
    const fan = mode === "fanIn" ? fanIn : mode === "fanOut" ? fanOut : (fanIn + fanOut) / 2;
    const variance = scale / Math.max(1, fan);
    const s = [...shape];
    if (distribution === "truncatedNormal") return tf7.truncatedNormal(s, 0, Math.sqrt(variance) / TRUNCATED_STD, "float32", seed);
    if (distribution === "normal") return tf7.randomNormal(s, 0, Math.sqrt(variance), "float32", seed);
    const limit = Math.sqrt(3 * variance);
    return tf7.randomUniform(s, -limit, limit, "float32", seed);
  };
}
function glorotNormal() {
  return varianceScaling({ scale: 1, mode: "fanAvg", distribution: "truncatedNormal" });
}
function lecunNormal() {
  return varianceScaling({ scale: 1, mode: "fanIn", distribution: "truncatedNormal" });
}
function zeros2() {
  return (shape) => tf7.zeros([...shape], "float32");
}
function ones2() {
  return (shape) => tf7.ones([...shape], "float32");
}

// ../../packages/attention/src/Parameters.ts
var NAME = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
var instances = 0;
function hashName(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}
function joinName(...parts) {
  return parts.map(String).filter((p) => p !== "").join("/");
}
var Parameters = class {
  seed;
  namespace;
  vars = /* @__PURE__ */ new Map();
  adapters = /* @__PURE__ */ new Map();
  constructor(opts = {}) {
    this.seed = opts.seed ?? 0;
    if (!Number.isFinite(this.seed)) throw new ParameterError(`Parameters: option 'seed' must be a finite number; got ${this.seed}`);
    this.namespace = opts.namespace ?? `params_${instances++}`;
  }
  /** Create a trainable float32 variable `name` of `shape`, initialised by `init` (default glorot normal). */
  create(name, shape, init = glorotNormal()) {
    if (!NAME.test(name)) {
      throw new ParameterError(
        `Parameters.create: name must be '/'-separated parts of [A-Za-z0-9_.-]; got '${name}'`,
        name
      );
    }
    if (this.vars.has(name)) throw new ParameterError(`Parameters.create: parameter '${name}' already exists`, name);
    if (!shape.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new ShapeError3(`Parameters.create: shape of '${name}' must be positive integers; got ${formatShape(shape)}`);
    }
    const seed = (hashName(name) ^ this.seed >>> 0) >>> 0;
    const variable4 = tf8.tidy(() => {
      const value = init(shape, seed);
      if (value.shape.join() !== shape.join()) {
        throw new ShapeError3(
          `Parameters.create: initializer of '${name}' returned shape ${formatShape(value.shape)}; expected ${formatShape(shape)}`
        );
      }
      return tf8.variable(value.toFloat(), true, `${this.namespace}/${name}`);
    });
    this.vars.set(name, variable4);
    return variable4;
  }
  /** The variable `name`; throws a ParameterError if there is none. */
  get(name) {
    const v = this.vars.get(name);
    if (v === void 0) {
      const known = this.names();
      const hint = known.length === 0 ? "the store is empty" : `${known.length} known, e.g. '${known.slice(0, 3).join("', '")}'`;
      throw new ParameterError(`Parameters.get: no parameter '${name}' (${hint})`, name);
    }
    return v;
  }
  /**
   * The value layers use for `name` at apply time: the variable itself, or `adapter(variable)` when an adapter is
   * set (LoRA: `w => w + A·B`). Call inside tf.tidy: an adapted value is a new tensor each time.
   */
  value(name) {
    const v = this.get(name);
    const adapter = this.adapters.get(name);
    return adapter === void 0 ? v : adapter(v);
  }
  /** Route reads of `name` through `adapter` (e.g. a LoRA update); `null` removes it. */
  setAdapter(name, adapter) {
    this.get(name);
    if (adapter === null) this.adapters.delete(name);
    else this.adapters.set(name, adapter);
  }
  /** Names that currently have an adapter. */
  adapted() {
    return [...this.adapters.keys()];
  }
  has(name) {
    return this.vars.has(name);
  }
  /** Names in creation order. */
  names() {
    return [...this.vars.keys()];
  }
  /** [name, variable] pairs in creation order. */
  entries() {
    return [...this.vars.entries()];
  }
  /** The variables in creation order (e.g. for an optimizer's varList). */
  variables() {
    return [...this.vars.values()];
  }
  /** Number of variables. */
  get size() {
    return this.vars.size;
  }
  /** Total number of scalar parameters. */
  count() {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }
  /** Overwrite the values of `name`; a tensor must have the same shape, an array the same number of elements. */
  assign(name, values) {
    const v = this.get(name);
    if (values instanceof tf8.Tensor) {
      if (values.shape.join() !== v.shape.join()) {
        throw new ShapeError3(
          `Parameters.assign: '${name}' has shape ${formatShape(v.shape)}; got values of shape ${formatShape(values.shape)}`
        );
      }
      tf8.tidy(() => v.assign(values.toFloat()));
      return;
    }
    if (values.length !== v.size) {
      throw new ShapeError3(
        `Parameters.assign: '${name}' has shape ${formatShape(v.shape)} (${v.size} values); got ${values.length} values`
      );
    }
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        throw new ParameterError(`Parameters.assign: values of '${name}' must be finite; element ${i} is ${values[i]}`, name);
      }
    }
    tf8.tidy(() => v.assign(tf8.tensor(Float32Array.from(values), v.shape, "float32")));
  }
  /** Names, shapes and values of every parameter (copies), in creation order. */
  snapshot() {
    return this.entries().map(([name, v]) => ({ name, shape: [...v.shape], values: v.dataSync() }));
  }
  /**
   * Assign every entry of `snapshot` by name, checking shapes. With `strict` (default) the names must be exactly
   * this store's names: a missing or unexpected name is an error. Nothing is assigned if any check fails.
   */
  load(snapshot, opts = {}) {
    const strict = opts.strict ?? true;
    const items = [...snapshot];
    const seen = /* @__PURE__ */ new Set();
    for (const { name, shape, values } of items) {
      if (seen.has(name)) throw new ParameterError(`Parameters.load: parameter '${name}' appears twice`, name);
      seen.add(name);
      const v = this.vars.get(name);
      if (v === void 0) {
        if (strict) throw new ParameterError(`Parameters.load: unexpected parameter '${name}' (not in this model)`, name);
        continue;
      }
      if (shape.join() !== v.shape.join()) {
        throw new ShapeError3(`Parameters.load: '${name}' has shape ${formatShape(v.shape)}; got ${formatShape(shape)}`);
      }
      const size = shape.reduce((a, b) => a * b, 1);
      if (values.length !== size) {
        throw new ShapeError3(`Parameters.load: '${name}' of shape ${formatShape(shape)} needs ${size} values; got ${values.length}`);
      }
      const bad = values.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) {
        throw new ParameterError(`Parameters.load: values of '${name}' must be finite; element ${bad} is ${values[bad]}`, name);
      }
    }
    if (strict) {
      const missing = this.names().filter((n) => !seen.has(n));
      if (missing.length > 0) {
        throw new ParameterError(
          `Parameters.load: ${missing.length} parameter(s) missing from the snapshot, e.g. '${missing.slice(0, 3).join("', '")}'`,
          missing[0]
        );
      }
    }
    for (const { name, values } of items) if (this.vars.has(name)) this.assign(name, values);
  }
  /** Dispose every variable and empty the store. */
  dispose() {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
    this.adapters.clear();
  }
};

// ../../packages/attention/src/matMul.ts
import * as tf9 from "@tensorflow/tfjs";
function transposeLast2(x) {
  const r = x.rank;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf9.transpose(x, perm);
}
var matMulWithPlainGrad = tf9.customGrad(((a, b, save) => {
  save([a, b]);
  return {
    value: tf9.matMul(a, b),
    // dA = dY · Bᵀ, dB = Aᵀ · dY with explicit transposes: on wasm, matMul(transposeA/B) is 10–60× slower.
    gradFunc: (dy, saved) => {
      const [sa, sb] = saved;
      return [tf9.matMul(dy, transposeLast2(sb)), tf9.matMul(transposeLast2(sa), dy)];
    }
  };
}));
function matMul2(a, b) {
  if (a.rank < 2 || a.rank !== b.rank) {
    throw new ShapeError3(`matMul: operands must have the same rank \u2265 2; got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const r = a.rank;
  if (a.shape[r - 1] !== b.shape[r - 2] || a.shape.slice(0, r - 2).join() !== b.shape.slice(0, r - 2).join()) {
    throw new ShapeError3(
      `matMul: expected a [..., n, k] and b [..., k, m] with equal leading axes; got ${formatShape(a.shape)} and ${formatShape(b.shape)}`
    );
  }
  return matMulWithPlainGrad(a, b);
}
var matMulBiasWithPlainGrad = tf9.customGrad(((a, b, bias, save) => {
  save([a, b]);
  return {
    // bias fused into the product (one pass less over the output on wasm and cpu)
    value: tf9.fused.matMul({ a, b, bias }),
    gradFunc: (dy, saved) => {
      const [sa, sb] = saved;
      const rows = dy.reshape([-1, dy.shape[dy.rank - 1]]);
      return [tf9.matMul(dy, transposeLast2(sb)), tf9.matMul(transposeLast2(sa), dy), tf9.sum(rows, 0)];
    }
  };
}));
function matMulBias(a, b, bias) {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[0] || bias.rank !== 1 || bias.shape[0] !== b.shape[1]) {
    throw new ShapeError3(
      `matMulBias: expected a [n, k], b [k, m] and bias [m]; got ${formatShape(a.shape)}, ${formatShape(b.shape)} and ${formatShape(bias.shape)}`
    );
  }
  return matMulBiasWithPlainGrad(a, b, bias);
}

// ../../packages/attention/src/dense.ts
import * as tf10 from "@tensorflow/tfjs";
function dense(x, p) {
  return tf10.tidy(() => {
    const kernel = p.kernel;
    const bias = p.bias;
    const [inDim, outDim] = kernel.shape;
    if (kernel.rank !== 2 || x.shape[x.rank - 1] !== inDim) {
      throw new ShapeError3(
        `dense: expected x [..., ${kernel.shape[0]}] and kernel [in, out]; got x ${formatShape(x.shape)} and kernel ${formatShape(kernel.shape)}`
      );
    }
    if (bias !== void 0 && (bias.rank !== 1 || bias.shape[0] !== outDim)) {
      throw new ShapeError3(`dense: expected bias [${outDim}]; got ${formatShape(bias.shape)}`);
    }
    const lead = x.shape.slice(0, -1);
    const flat = x.reshape([-1, inDim]);
    const y = bias === void 0 ? matMul2(flat, kernel) : matMulBias(flat, kernel, bias);
    return y.reshape([...lead, outDim]);
  });
}

// ../../packages/attention/src/layerNorm.ts
import * as tf11 from "@tensorflow/tfjs";
var LAYER_NORM_EPSILON = 1e-6;
function layerNorm(x, p = {}, epsilon = LAYER_NORM_EPSILON) {
  const dim = x.shape[x.rank - 1];
  for (const [field, t] of [["scale", p.scale], ["bias", p.bias]]) {
    if (t !== void 0 && (t.rank !== 1 || t.shape[0] !== dim)) {
      throw new ShapeError3(`layerNorm: expected ${field} [${dim}] for x ${formatShape(x.shape)}; got ${formatShape(t.shape)}`);
    }
  }
  return tf11.tidy(() => {
    const axis = x.rank - 1;
    const mean3 = tf11.mean(x, axis, true);
    const centred = tf11.sub(x, mean3);
    const variance = tf11.mean(tf11.square(centred), axis, true);
    let y = tf11.mul(centred, tf11.rsqrt(tf11.add(variance, epsilon)));
    if (p.scale !== void 0) y = tf11.mul(y, p.scale);
    if (p.bias !== void 0) y = tf11.add(y, p.bias);
    return y;
  });
}

// ../../packages/attention/src/gelu.ts
import * as tf12 from "@tensorflow/tfjs";
function geluExact(x) {
  return tf12.tidy(() => tf12.mul(tf12.mul(x, 0.5), tf12.add(1, tf12.erf(tf12.mul(x, Math.SQRT1_2)))));
}
var GELU_TANH_C1 = 2 * Math.sqrt(2 / Math.PI);
var GELU_TANH_C3 = GELU_TANH_C1 * 0.044715;
function geluTanh(x) {
  return tf12.tidy(() => tf12.mul(x, tf12.sigmoid(tf12.mul(x, tf12.add(tf12.mul(tf12.square(x), GELU_TANH_C3), GELU_TANH_C1)))));
}

// ../../packages/attention/src/activation.ts
import * as tf13 from "@tensorflow/tfjs";
var ACTIVATIONS = ["gelu", "gelu_tanh", "relu", "sigmoid", "tanh", "linear"];
function activate(x, name) {
  switch (name) {
    case "gelu":
      return geluExact(x);
    case "gelu_tanh":
      return geluTanh(x);
    case "relu":
      return tf13.relu(x);
    case "sigmoid":
      return tf13.sigmoid(x);
    case "tanh":
      return tf13.tanh(x);
    case "linear":
      return tf13.clone(x);
    default:
      throw new ParameterError(`activate: activation must be one of ${ACTIVATIONS.join(", ")}; got '${String(name)}'`);
  }
}

// ../../packages/attention/src/softmaxAttention.ts
import * as tf14 from "@tensorflow/tfjs";
var MASK_VALUE = -1e9;
function keyPaddingBias(mask, batch, keys) {
  if (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== keys) {
    throw new ShapeError3(`keyPaddingBias: expected mask [${batch}, ${keys}] (batch, keys); got ${formatShape(mask.shape)}`);
  }
  return tf14.tidy(
    () => tf14.mul(tf14.sub(1, tf14.cast(mask, "float32")), MASK_VALUE).reshape([batch, 1, 1, keys])
  );
}
function attendTransposed(q, kT, v, scale, bias) {
  return tf14.tidy(() => {
    let scores = matMul2(tf14.mul(q, scale), kT);
    if (bias !== void 0) scores = tf14.add(scores, bias);
    const attentionWeights = tf14.softmax(scores, -1);
    return { output: matMul2(attentionWeights, v), attentionWeights };
  });
}

// ../../packages/attention/src/multiHeadAttention.ts
import * as tf15 from "@tensorflow/tfjs";
function splitHeads(x, heads) {
  const [b, n, d] = x.shape;
  return x.reshape([b, n, heads, d / heads]).transpose([0, 2, 1, 3]);
}
function disposeKeyValues(kv) {
  kv.kT.dispose();
  kv.v.dispose();
  kv.maskBias?.dispose();
}
function kernelShape(p) {
  let shape = [];
  tf15.tidy(() => {
    shape = p.kernel.shape;
  });
  return shape;
}
function projectKeyValues(p, tokens, opts) {
  const inner = kernelShape(p.key)[1];
  if (tokens.rank !== 3) {
    throw new ShapeError3(`projectKeyValues: expected tokens [B, T, d]; got ${formatShape(tokens.shape)}`);
  }
  if (!Number.isInteger(opts.heads) || opts.heads < 1 || inner % opts.heads !== 0) {
    throw new ShapeError3(`projectKeyValues: heads must divide the projection width ${inner}; got heads = ${opts.heads}`);
  }
  const [b, t] = tokens.shape;
  return tf15.tidy(() => {
    const k = splitHeads(dense(tokens, p.key), opts.heads);
    const v = splitHeads(dense(tokens, p.value), opts.heads);
    const kv = { kT: k.transpose([0, 1, 3, 2]), v };
    if (opts.mask !== void 0) kv.maskBias = keyPaddingBias(opts.mask, b, t);
    return kv;
  });
}
function attendWithKeyValues(p, q, keyValues, opts = {}) {
  const [b, heads, dh] = keyValues.kT.shape;
  if (q.rank !== 3 || q.shape[0] !== b) {
    throw new ShapeError3(`attendWithKeyValues: expected queries [${b}, Q, d] (batch of the keys); got ${formatShape(q.shape)}`);
  }
  const queryShape = kernelShape(p.query);
  if (queryShape[1] !== heads * dh) {
    throw new ShapeError3(
      `attendWithKeyValues: query kernel ${formatShape(queryShape)} does not project to ${heads} heads \xD7 ${dh} = ${heads * dh}`
    );
  }
  const scale = opts.scale ?? 1 / Math.sqrt(dh);
  return tf15.tidy(() => {
    const qh = splitHeads(dense(q, p.query), heads);
    const { output, attentionWeights } = attendTransposed(qh, keyValues.kT, keyValues.v, scale, keyValues.maskBias);
    const merged = output.transpose([0, 2, 1, 3]).reshape([b, q.shape[1], heads * dh]);
    return { output: dense(merged, p.output), attentionWeights };
  });
}
function multiHeadAttention(p, q, kv, opts) {
  return tf15.tidy(() => {
    const keyValues = projectKeyValues(p, kv, opts);
    return attendWithKeyValues(p, q, keyValues, opts);
  });
}

// ../../packages/attention/src/feedForward.ts
import * as tf16 from "@tensorflow/tfjs";
function feedForward(x, p, opts = {}) {
  return tf16.tidy(() => dense(activate(dense(x, p.hidden), opts.activation ?? "gelu"), p.output));
}

// ../../packages/attention/src/resiDual.ts
import * as tf17 from "@tensorflow/tfjs";
function resiDualInit(x) {
  return { xPre: x, xPost: x };
}
function resiDualKeyValues(p, tokens, opts) {
  return tf17.tidy(() => {
    const normed = p.kvNorm === void 0 ? tokens : layerNorm(tokens, p.kvNorm, opts.epsilon ?? LAYER_NORM_EPSILON);
    return projectKeyValues(p.attention, normed, opts);
  });
}
function resiDualBlock(p, state, keyValues, opts) {
  if (state.xPre.shape.join() !== state.xPost.shape.join()) {
    throw new ShapeError3(
      `resiDualBlock: xPre and xPost must have the same shape; got ${formatShape(state.xPre.shape)} and ${formatShape(state.xPost.shape)}`
    );
  }
  const eps = opts.epsilon ?? LAYER_NORM_EPSILON;
  return tf17.tidy(() => {
    const { output, attentionWeights } = attendWithKeyValues(p.attention, state.xPost, keyValues, opts);
    const s1 = tf17.add(state.xPost, output);
    const xPre1 = tf17.add(state.xPre, s1);
    const xPost1 = layerNorm(s1, p.attentionNorm, eps);
    const s2 = tf17.add(xPost1, feedForward(xPost1, p.feedForward, opts));
    const xPre = tf17.add(xPre1, s2);
    const xPost = layerNorm(s2, p.feedForwardNorm, eps);
    return { state: { xPre, xPost }, attentionWeights };
  });
}
function resiDualOutput(state, norm, epsilon = LAYER_NORM_EPSILON) {
  return tf17.tidy(() => tf17.add(layerNorm(state.xPre, norm, epsilon), state.xPost));
}

// ../../packages/attention/src/createDense.ts
function createDense(params, prefix, opts) {
  checkPositiveInt("createDense", "inDim", opts.inDim);
  checkPositiveInt("createDense", "outDim", opts.outDim);
  const kernelName = joinName(prefix, "kernel");
  const biasName = joinName(prefix, "bias");
  params.create(kernelName, [opts.inDim, opts.outDim], opts.kernelInit ?? lecunNormal());
  if (opts.useBias ?? true) params.create(biasName, [opts.outDim], opts.biasInit ?? zeros2());
  const p = {};
  Object.defineProperty(p, "kernel", { enumerable: true, get: () => params.value(kernelName) });
  if (opts.useBias ?? true) Object.defineProperty(p, "bias", { enumerable: true, get: () => params.value(biasName) });
  return { params: p, apply: (x) => dense(x, p) };
}

// ../../packages/attention/src/createLayerNorm.ts
function createLayerNorm(params, prefix, opts) {
  checkPositiveInt("createLayerNorm", "dim", opts.dim);
  const p = {};
  if (opts.useScale ?? true) p.scale = params.create(joinName(prefix, "scale"), [opts.dim], ones2());
  if (opts.useBias ?? true) p.bias = params.create(joinName(prefix, "bias"), [opts.dim], zeros2());
  const epsilon = opts.epsilon ?? LAYER_NORM_EPSILON;
  return { params: p, epsilon, apply: (x) => layerNorm(x, p, epsilon) };
}

// ../../packages/attention/src/createMultiHeadAttention.ts
function createMultiHeadAttention(params, prefix, opts) {
  const { dim, heads } = opts;
  checkPositiveInt("createMultiHeadAttention", "dim", dim);
  checkPositiveInt("createMultiHeadAttention", "heads", heads);
  if (dim % heads !== 0) {
    throw new ParameterError(`createMultiHeadAttention: 'heads' must divide 'dim'; got dim = ${dim}, heads = ${heads}`);
  }
  const kvDim = opts.kvDim ?? dim;
  const common = { useBias: opts.useBias ?? true, ...opts.kernelInit ? { kernelInit: opts.kernelInit } : {} };
  const p = {
    query: createDense(params, joinName(prefix, "query"), { inDim: dim, outDim: dim, ...common }).params,
    key: createDense(params, joinName(prefix, "key"), { inDim: kvDim, outDim: dim, ...common }).params,
    value: createDense(params, joinName(prefix, "value"), { inDim: kvDim, outDim: dim, ...common }).params,
    output: createDense(params, joinName(prefix, "out"), {
      inDim: dim,
      outDim: dim,
      ...common,
      ...opts.outputKernelInit ? { kernelInit: opts.outputKernelInit } : {}
    }).params
  };
  const scaleOpt = opts.scale === void 0 ? {} : { scale: opts.scale };
  return {
    params: p,
    heads,
    projectKeyValues: (tokens, mask) => projectKeyValues(p, tokens, { heads, ...mask ? { mask } : {} }),
    attendWithKeyValues: (q, keyValues) => attendWithKeyValues(p, q, keyValues, scaleOpt),
    apply: (q, tokens, mask) => multiHeadAttention(p, q, tokens, { heads, ...scaleOpt, ...mask ? { mask } : {} })
  };
}

// ../../packages/attention/src/createFeedForward.ts
function createFeedForward(params, prefix, opts) {
  const common = { useBias: opts.useBias ?? true, ...opts.kernelInit ? { kernelInit: opts.kernelInit } : {} };
  const p = {
    hidden: createDense(params, joinName(prefix, "dense_0"), { inDim: opts.dim, outDim: opts.hiddenDim, ...common }).params,
    output: createDense(params, joinName(prefix, "dense_1"), {
      inDim: opts.hiddenDim,
      outDim: opts.dim,
      ...common,
      ...opts.outputKernelInit ? { kernelInit: opts.outputKernelInit } : {}
    }).params
  };
  const activation = opts.activation ?? "gelu";
  return { params: p, apply: (x) => feedForward(x, p, { activation }) };
}

// ../../packages/attention/src/createResiDualBlock.ts
function createResiDualBlock(params, prefix, opts) {
  const { dim, heads } = opts;
  const kvDim = opts.kvDim ?? dim;
  const eps = opts.epsilon === void 0 ? {} : { epsilon: opts.epsilon };
  const bias = { useBias: opts.useBias ?? true, ...opts.kernelInit ? { kernelInit: opts.kernelInit } : {} };
  const kvNorm = opts.kvNorm ?? true ? createLayerNorm(params, joinName(prefix, "kv_norm"), { dim: kvDim, ...eps }) : void 0;
  const attention = createMultiHeadAttention(params, joinName(prefix, "attention"), { dim, heads, kvDim, ...bias });
  const attentionNorm = createLayerNorm(params, joinName(prefix, "attention_norm"), { dim, ...eps });
  const ff = createFeedForward(params, joinName(prefix, "feed_forward"), {
    dim,
    hiddenDim: opts.hiddenDim,
    ...bias,
    ...opts.activation ? { activation: opts.activation } : {}
  });
  const feedForwardNorm = createLayerNorm(params, joinName(prefix, "feed_forward_norm"), { dim, ...eps });
  const p = {
    ...kvNorm ? { kvNorm: kvNorm.params } : {},
    attention: attention.params,
    attentionNorm: attentionNorm.params,
    feedForward: ff.params,
    feedForwardNorm: feedForwardNorm.params
  };
  const blockOpts = {
    heads,
    ...eps,
    ...opts.activation ? { activation: opts.activation } : {},
    ...opts.scale === void 0 ? {} : { scale: opts.scale }
  };
  return {
    params: p,
    heads,
    projectKeyValues: (tokens, mask) => resiDualKeyValues(p, tokens, { ...blockOpts, ...mask ? { mask } : {} }),
    apply: (state, keyValues) => resiDualBlock(p, state, keyValues, blockOpts)
  };
}

// ../../packages/transformer-payne/src/transformerPayne.ts
init_src2();

// ../../packages/transformer-payne/src/foldedAttention.ts
import * as tf18 from "@tensorflow/tfjs";
function headMask(heads, rowsPerHead, colsPerHead) {
  const rows = heads * rowsPerHead;
  const cols = heads * colsPerHead;
  const m = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const h = Math.floor(r / rowsPerHead);
    m.fill(1, r * cols + h * colsPerHead, r * cols + (h + 1) * colsPerHead);
  }
  return tf18.tensor2d(m, [rows, cols]);
}
function foldAttention(p, kv, scale) {
  const [B, H, Dh, T] = kv.kT.shape;
  const d = H * Dh;
  const folded = tf18.tidy(() => {
    const mask = headMask(H, Dh, T);
    const kHat = tf18.mul(tf18.tile(kv.kT.reshape([B, d, T]), [1, 1, H]), mask);
    const vHat = tf18.mul(tf18.tile(kv.v.reshape([B, H * T, Dh]), [1, 1, H]), mask.transpose());
    const q = p.attention.query;
    const o = p.attention.output;
    const wq = tf18.broadcastTo(tf18.mul(q.kernel, scale), [B, d, d]);
    const a = matMul2(wq, kHat);
    const c = q.bias === void 0 ? tf18.zeros([B, 1, H * T]) : matMul2(tf18.broadcastTo(tf18.mul(q.bias, scale).reshape([1, 1, d]), [B, 1, d]), kHat);
    const vw = matMul2(vHat, tf18.broadcastTo(o.kernel, [B, d, d]));
    return { a, c, vw };
  });
  return { ...folded, heads: H, tokens: T };
}
function disposeFolded(f) {
  f.a.dispose();
  f.c.dispose();
  f.vw.dispose();
}
function attendFolded(p, x, f) {
  const [B, Q, d] = x.shape;
  const HT = f.heads * f.tokens;
  const softmaxPerHead = (scores) => tf18.softmax(scores.reshape([-1, f.tokens]), -1).reshape([B, Q, HT]);
  const bOut = p.attention.output.bias;
  if (B === 1) {
    const scores = dense(x.reshape([Q, d]), { kernel: f.a.reshape([d, HT]), bias: tf18.add(f.c.reshape([HT]), 0) });
    const weights2 = softmaxPerHead(scores);
    const out2 = dense(weights2.reshape([Q, HT]), { kernel: f.vw.reshape([HT, d]), ...bOut ? { bias: bOut } : {} });
    return { output: out2.reshape([B, Q, d]), weights: weights2 };
  }
  const weights = softmaxPerHead(tf18.add(matMul2(x, f.a), f.c));
  const out = matMul2(weights, f.vw);
  return { output: bOut ? tf18.add(out, bOut) : out, weights };
}
function resiDualBlockFolded(p, state, f, opts) {
  return tf18.tidy(() => {
    const { output, weights } = attendFolded(p, state.xPost, f);
    const s1 = tf18.add(state.xPost, output);
    const xPre1 = tf18.add(state.xPre, s1);
    const xPost1 = layerNorm(s1, p.attentionNorm, opts.epsilon);
    const s2 = tf18.add(xPost1, feedForward(xPost1, p.feedForward, { activation: opts.activation }));
    const xPre = tf18.add(xPre1, s2);
    const xPost = layerNorm(s2, p.feedForwardNorm, opts.epsilon);
    if (!opts.keepWeights) return { state: { xPre, xPost } };
    const [B, Q] = weights.shape;
    const attentionWeights = weights.reshape([B, Q, f.heads, f.tokens]).transpose([0, 2, 1, 3]);
    return { state: { xPre, xPost }, attentionWeights };
  });
}

// ../../packages/transformer-payne/src/transformerPayne.ts
init_src2();

// ../../packages/transformer-payne/src/planWavelengthChunks.ts
init_src2();
var DEFAULT_MEMORY_BUDGET_BYTES = 256 * 1024 * 1024;
function bytesPerQueryRow(a) {
  return 4 * (10 * Math.max(a.ffDim, a.headDim) + 12 * a.dim + 2 * a.heads * a.tokens);
}
function planWavelengthChunks(opts) {
  const { batch: B, wavelengths: M, architecture: a } = opts;
  const budget = opts.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES;
  if (!Number.isFinite(budget) || budget <= 0) {
    throw new DomainError3(`Option 'memoryBudgetBytes' passed to 'planWavelengthChunks' must be finite and > 0; got ${budget}`);
  }
  const bytesPerRow = bytesPerQueryRow(a);
  const fixedBytes = 4 * (B * (2 * a.blocks * a.tokens * a.dim + a.tokens * a.dim + a.labelHiddenDim) + 2 * B * M);
  const rows = Math.floor((budget - fixedBytes) / bytesPerRow);
  const chunkSize = Math.max(1, Math.min(M, Math.floor(rows / Math.max(1, B))));
  const chunks = [];
  for (let s = 0; s < M; s += chunkSize) chunks.push([s, Math.min(M, s + chunkSize)]);
  return { chunkSize, chunks, bytesPerRow, fixedBytes, estimatedPeakBytes: fixedBytes + B * chunkSize * bytesPerRow };
}

// ../../packages/wavelength-encoding/src/DomainError.ts
var DomainError4 = class extends Error {
  constructor(message) {
    super(message);
    this.name = "DomainError";
  }
};

// ../../packages/wavelength-encoding/src/encodingPeriods.ts
var DEFAULT_MIN_PERIOD = 1e-6;
var DEFAULT_MAX_PERIOD = 10;
function encodingPeriods(opts) {
  const { dim, minPeriod = DEFAULT_MIN_PERIOD, maxPeriod = DEFAULT_MAX_PERIOD, spacing = "log" } = opts;
  const who = "sinusoidalEncoding";
  if (!Number.isInteger(dim) || dim < 1) {
    throw new DomainError4(`Option 'dim' passed to '${who}' must be a positive integer; got ${dim}`);
  }
  if (!Number.isFinite(minPeriod) || minPeriod <= 0) {
    throw new DomainError4(`Option 'minPeriod' passed to '${who}' must be finite and > 0; got ${minPeriod}`);
  }
  if (!Number.isFinite(maxPeriod) || maxPeriod < minPeriod) {
    throw new DomainError4(
      `Option 'maxPeriod' passed to '${who}' must be finite and \u2265 minPeriod (${minPeriod}); got ${maxPeriod}`
    );
  }
  if (spacing !== "log" && spacing !== "linear") {
    throw new DomainError4(`Option 'spacing' passed to '${who}' must be 'log' or 'linear'; got '${String(spacing)}'`);
  }
  const periods = new Float64Array(dim);
  if (spacing === "log") {
    const a = Math.log10(minPeriod);
    const b = Math.log10(maxPeriod);
    const step = dim > 1 ? (b - a) / (dim - 1) : 0;
    for (let i = 0; i < dim; i++) periods[i] = Math.pow(10, a + i * step);
    if (dim > 1) periods[dim - 1] = Math.pow(10, b);
  } else {
    const step = dim > 1 ? (maxPeriod - minPeriod) / (dim - 1) : 0;
    for (let i = 0; i < dim; i++) periods[i] = minPeriod + i * step;
    if (dim > 1) periods[dim - 1] = maxPeriod;
  }
  return periods;
}

// ../../packages/wavelength-encoding/src/sinusoidalEncoding.ts
var TWO_PI = 2 * Math.PI;
function sinusoidalEncoding(log10Wavelength2, opts) {
  if (log10Wavelength2 instanceof Float32Array) {
    throw new DomainError4(
      "Argument 'log10Wavelength' passed to 'sinusoidalEncoding' must be float64 (Float64Array or number[]); got Float32Array, which cannot resolve the shortest periods"
    );
  }
  const periods = encodingPeriods(opts);
  const dim = periods.length;
  const m = log10Wavelength2.length;
  const out = new Float32Array(m * dim);
  for (let r = 0; r < m; r++) {
    const x = log10Wavelength2[r];
    if (!Number.isFinite(x)) {
      throw new DomainError4(
        `Argument 'log10Wavelength' passed to 'sinusoidalEncoding' must be finite; element ${r} is ${x}`
      );
    }
    const row = r * dim;
    for (let i = 0; i < dim; i++) {
      const t = x / periods[i];
      const turns = t - Math.round(t);
      out[row + i] = Math.sin(TWO_PI * turns);
    }
  }
  return out;
}

// ../../packages/wavelength-encoding/src/log10Wavelength.ts
function log10Wavelength(wavelengthAngstrom) {
  const out = new Float64Array(wavelengthAngstrom.length);
  for (let i = 0; i < out.length; i++) {
    const w = wavelengthAngstrom[i];
    if (!Number.isFinite(w) || w <= 0) {
      throw new DomainError4(
        `Argument 'wavelengthAngstrom' passed to 'log10Wavelength' must be finite and > 0 (Angstrom); element ${i} is ${w}`
      );
    }
    out[i] = Math.log10(w);
  }
  return out;
}

// ../../packages/transformer-payne/src/queryEncodingCache.ts
function sameGrid(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
var QueryEncodingCache = class {
  constructor(opts, capacity = 4) {
    this.opts = opts;
    this.capacity = capacity;
  }
  opts;
  capacity;
  entries = [];
  /** Row-major [M, dim] encoding of `grid` (Å). The returned array is shared: do not modify it. */
  get(grid) {
    const i = this.entries.findIndex((e) => sameGrid(e.grid, grid));
    if (i >= 0) {
      const [hit] = this.entries.splice(i, 1);
      this.entries.unshift(hit);
      return hit.encoding;
    }
    const encoding = sinusoidalEncoding(log10Wavelength(grid), this.opts);
    this.entries.unshift({ grid: Float64Array.from(grid), encoding });
    if (this.entries.length > this.capacity) this.entries.length = this.capacity;
    return encoding;
  }
  /** Number of grids held. */
  get size() {
    return this.entries.length;
  }
  clear() {
    this.entries = [];
  }
};

// ../../packages/transformer-payne/src/transformerPayneConfig.ts
init_src2();
import { z as z2 } from "zod";
var TRANSFORMER_PAYNE_KIND = "transformer-payne";
var TRANSFORMER_PAYNE_PACKAGE_VERSION = "@astroemu/transformer-payne@0.1.0";
var positiveInt = z2.number().int().positive();
var transformerPayneArchitectureSchema = z2.strictObject({
  /** Model width d: wavelength encoding, tokens, attention (paper 256). */
  dim: positiveInt.default(256),
  /** Number of ResiDual cross-attention blocks (paper 16). */
  blocks: positiveInt.default(16),
  /** Attention heads per block (paper 8); must divide dim. */
  heads: positiveInt.default(8),
  /** Number of label tokens T (paper 16). */
  tokens: positiveInt.default(16),
  /** Feed-forward hidden width inside each block (paper 4d = 1024). */
  ffDim: positiveInt.default(1024),
  /** Hidden width of the label MLP, the `input` layer (paper 1024). */
  labelHiddenDim: positiveInt.default(1024),
  /** Hidden width of the output head (paper 256). */
  headDim: positiveInt.default(256),
  /** Activation of the label MLP, the feed-forward blocks and the head; Flax's nn.gelu is the tanh form. */
  activation: z2.enum(["gelu", "gelu_tanh", "relu", "tanh", "sigmoid"]).default("gelu_tanh"),
  /** LayerNorm ε (Flax 1e-6). */
  epsilon: z2.number().positive().default(1e-6),
  /** Shortest and longest period of the sinusoidal encoding of log10(λ/Å) (paper 1e-6 and 10). */
  minPeriod: z2.number().positive().default(1e-6),
  maxPeriod: z2.number().positive().default(10)
}).superRefine((a, ctx) => {
  if (a.dim % a.heads !== 0) {
    ctx.addIssue({ code: "custom", path: ["heads"], message: `must divide dim (${a.dim}); got ${a.heads}` });
  }
  if (!(a.maxPeriod >= a.minPeriod)) {
    ctx.addIssue({ code: "custom", path: ["maxPeriod"], message: `must be \u2265 minPeriod (${a.minPeriod}); got ${a.maxPeriod}` });
  }
});
var transformerPayneConfigSchema = emulatorConfigSchema(TRANSFORMER_PAYNE_KIND, transformerPayneArchitectureSchema);
function parseTransformerPayneConfig(json) {
  return parseConfigWith(transformerPayneConfigSchema, json, TRANSFORMER_PAYNE_KIND);
}
var TRANSFORMER_PAYNE_PRESETS = {
  paper: { dim: 256, blocks: 16, heads: 8, tokens: 16, ffDim: 1024, labelHiddenDim: 1024, headDim: 256 },
  small: { dim: 64, blocks: 4, heads: 4, tokens: 8, ffDim: 256, labelHiddenDim: 256, headDim: 64 }
};

// ../../packages/transformer-payne/src/transformerPayneLayers.ts
function buildTransformerPayneLayers(params, a, labelCount, kernelInit) {
  const init = kernelInit ? { kernelInit } : {};
  return {
    input: createDense(params, "input", { inDim: labelCount, outDim: a.labelHiddenDim, ...init }),
    tokens: createDense(params, "tokens", { inDim: a.labelHiddenDim, outDim: a.tokens * a.dim, ...init }),
    blocks: Array.from(
      { length: a.blocks },
      (_, i) => createResiDualBlock(params, joinName("blocks", i), {
        dim: a.dim,
        heads: a.heads,
        hiddenDim: a.ffDim,
        activation: a.activation,
        epsilon: a.epsilon,
        ...init
      })
    ),
    headNorm: createLayerNorm(params, "head/norm", { dim: a.dim, epsilon: a.epsilon }),
    headHidden: createDense(params, "head/dense_0", { inDim: a.dim, outDim: a.headDim, ...init }),
    headOutput: createDense(params, "head/dense_1", { inDim: a.headDim, outDim: 1, ...init })
  };
}
function transformerPayneWeightShapes(a, labelCount) {
  const shapes = {};
  const recorder = {
    create: (name, shape) => {
      shapes[name] = [...shape];
      return void 0;
    },
    value: () => {
      throw new Error("transformerPayneWeightShapes: the shape recorder holds no values");
    }
  };
  buildTransformerPayneLayers(recorder, a, labelCount);
  return shapes;
}

// ../../packages/transformer-payne/src/transformerPayne.ts
function disposeState(s) {
  s.xPre.dispose();
  s.xPost.dispose();
}
var TransformerPayne = class {
  kind = TRANSFORMER_PAYNE_KIND;
  labels;
  wavelength;
  architecture;
  /** Every weight, by name (`input/kernel`, `tokens/kernel`, `blocks/<i>/…`, `head/…`); LoRA adapters go here. */
  parameters;
  /** The layers (they read their weights from {@link parameters} at apply time). */
  layers;
  memoryBudgetBytes;
  training;
  encodings;
  /** Builds the model for a parsed config; with `weights`, copies them in (the caller keeps ownership of the tensors). */
  constructor(config, weights, opts = {}) {
    validateLabelSpecs(config.labels, "TransformerPayne");
    this.labels = config.labels.map((l) => ({ ...l }));
    this.wavelength = { min: config.wavelength.min, max: config.wavelength.max, medium: config.wavelength.medium };
    this.architecture = { ...config.architecture };
    this.training = config.training;
    this.memoryBudgetBytes = opts.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES;
    const a = this.architecture;
    this.parameters = new Parameters({ seed: opts.seed ?? 0 });
    this.layers = buildTransformerPayneLayers(this.parameters, a, this.labels.length, weights ? zeros2() : void 0);
    if (weights) this.parameters.load([...weights].map(([name, t]) => ({ name, shape: [...t.shape], values: t.dataSync() })));
    this.encodings = new QueryEncodingCache({ dim: a.dim, minPeriod: a.minPeriod, maxPeriod: a.maxPeriod });
  }
  /**
   * TransformerPayne forward pass (Listing 4) on SCALED labels [B, L] (in [-0.5, 0.5] inside the domain) and a
   * wavelength grid (Å), chunked over wavelengths; no domain checks. Differentiable w.r.t. labels and weights.
   */
  forward(scaledLabels, grid, opts = {}) {
    const B = scaledLabels.shape[0];
    const plan = this.planChunks(B, grid.length, opts.memoryBudgetBytes);
    const tokens = this.labelTokens(scaledLabels);
    const { activation, epsilon, dim, heads } = this.architecture;
    const folded = this.layers.blocks.map((block) => {
      const kv = block.projectKeyValues(tokens);
      const f = foldAttention(block.params, kv, 1 / Math.sqrt(dim / heads));
      disposeKeyValues(kv);
      return f;
    });
    tokens.dispose();
    const blockOpts = { activation, epsilon, keepWeights: opts.onAttention !== void 0 };
    const encoding = this.encodings.get(grid);
    const fluxChunks = plan.chunks.map(([start, end]) => {
      let state = resiDualInit(this.queryTokens(encoding, start, end, B));
      this.layers.blocks.forEach((block, i) => {
        const { state: next, attentionWeights } = resiDualBlockFolded(block.params, state, folded[i], blockOpts);
        if (attentionWeights) opts.onAttention(i, attentionWeights, start);
        disposeState(state);
        state = next;
      });
      const flux2 = this.head(state);
      disposeState(state);
      return flux2;
    });
    folded.forEach(disposeFolded);
    if (fluxChunks.length === 1) return fluxChunks[0];
    const flux = tf19.concat(fluxChunks, 1);
    fluxChunks.forEach((t) => t.dispose());
    return flux;
  }
  /** The T label tokens [B, T, d] (before the per-block LayerNorm) of scaled labels [B, L]. */
  labelTokens(scaledLabels) {
    const { input, tokens } = this.layers;
    const { tokens: T, dim, activation } = this.architecture;
    return tf19.tidy(
      () => tokens.apply(activate(input.apply(scaledLabels), activation)).reshape([scaledLabels.shape[0], T, dim])
    );
  }
  /** Wavelengths [start, end) of the cached encoding, as queries [B, Q, d] (the same for every spectrum). */
  queryTokens(encoding, start, end, batch) {
    const d = this.architecture.dim;
    return tf19.tidy(
      () => tf19.broadcastTo(tf19.tensor3d(encoding.subarray(start * d, end * d), [1, end - start, d]), [batch, end - start, d])
    );
  }
  /** LayerNorm(x_pre) + x_post → Dense(headDim) → activation → Dense(1); [B, Q, d] → [B, Q]. */
  head(state) {
    const { headNorm, headHidden, headOutput } = this.layers;
    const [B, Q] = state.xPre.shape;
    return tf19.tidy(() => {
      const x = resiDualOutput(state, headNorm.params, headNorm.epsilon);
      return headOutput.apply(activate(headHidden.apply(x), this.architecture.activation)).reshape([B, Q]);
    });
  }
  /**
   * Normalised flux [B, M] for labels [B, L] in physical units (order = `labels`) on any wavelength grid (Å) inside
   * the trained domain; a Float64Array keeps float64 precision for the encoding. Outside the label or wavelength
   * domain: DomainError, or a warning with `{ extrapolate: true }`. Memory stays within `memoryBudgetBytes` by
   * chunking over wavelengths. The caller owns the result.
   */
  predict(labels, wavelength, opts = {}) {
    const who = "TransformerPayne.predict";
    const L = this.labels.length;
    if (!(labels instanceof tf19.Tensor) || labels.rank !== 2 || labels.shape[1] !== L) {
      const got = labels instanceof tf19.Tensor ? `[${labels.shape.join(", ")}]` : typeof labels;
      throw new ShapeError2(`Argument 'labels' passed to '${who}' must have shape [B, ${L}] (${this.labels.map((l) => l.name).join(", ")}); got ${got}`);
    }
    const grid = toWavelengthGrid(who, wavelength);
    checkWavelengthDomain(who, grid, this.wavelength, opts);
    checkLabelDomain(who, labels.dataSync(), this.labels, opts);
    const scaled = scaleLabels(labels, this.labels);
    try {
      return this.forward(scaled, grid, opts.memoryBudgetBytes === void 0 ? {} : { memoryBudgetBytes: opts.memoryBudgetBytes });
    } finally {
      scaled.dispose();
    }
  }
  /** How predict splits M wavelengths for a batch of B spectra (see planWavelengthChunks). */
  planChunks(batch, wavelengths, memoryBudgetBytes = this.memoryBudgetBytes) {
    return planWavelengthChunks({ batch, wavelengths, architecture: this.architecture, memoryBudgetBytes });
  }
  trainableVariables() {
    return this.parameters.variables();
  }
  parameterCount() {
    return this.parameters.count();
  }
  config() {
    return {
      kind: TRANSFORMER_PAYNE_KIND,
      formatVersion: FORMAT_VERSION,
      packageVersion: TRANSFORMER_PAYNE_PACKAGE_VERSION,
      labels: this.labels.map((l) => ({ ...l })),
      wavelength: { min: this.wavelength.min, max: this.wavelength.max, medium: this.wavelength.medium ?? "unknown" },
      architecture: { ...this.architecture },
      ...this.training ? { training: structuredClone(this.training) } : {}
    };
  }
  /** Named weights (the variables themselves; the model keeps ownership). */
  weights() {
    return new Map(this.parameters.entries());
  }
  dispose() {
    this.parameters.dispose();
    this.encodings.clear();
  }
};
function toWavelengthGrid(who, wavelength) {
  if (wavelength === void 0) {
    throw new DomainError3(`Argument 'wavelength' passed to '${who}' is required: TransformerPayne predicts on any grid you give it (\xC5, Float64Array preferred)`);
  }
  if (wavelength instanceof Float64Array) return wavelength;
  if (wavelength instanceof tf19.Tensor) {
    if (wavelength.rank !== 1) {
      throw new ShapeError2(`Argument 'wavelength' passed to '${who}' must be 1-D [M]; got shape [${wavelength.shape.join(", ")}]`);
    }
    return Float64Array.from(wavelength.dataSync());
  }
  throw new ShapeError2(`Argument 'wavelength' passed to '${who}' must be a Float64Array or a tf.Tensor1D; got ${Object.prototype.toString.call(wavelength)}`);
}

// ../../packages/transformer-payne/src/registerTransformerPayne.ts
function registerTransformerPayne() {
  registerEmulatorKind({
    kind: TRANSFORMER_PAYNE_KIND,
    parseConfig: parseTransformerPayneConfig,
    weightShapes: (c) => transformerPayneWeightShapes(c.architecture, c.labels.length),
    build: (config, weights) => new TransformerPayne(config, weights)
  });
}

// ../../packages/transformer-payne/src/createTransformerPayne.ts
function createTransformerPayne(opts) {
  const preset = opts.preset ?? "paper";
  const config = parseTransformerPayneConfig({
    kind: TRANSFORMER_PAYNE_KIND,
    labels: opts.labels,
    wavelength: { medium: "unknown", ...opts.wavelengthRange },
    architecture: { ...TRANSFORMER_PAYNE_PRESETS[preset], ...opts.architecture },
    ...opts.training ? { training: opts.training } : {}
  });
  return new TransformerPayne(config, void 0, {
    ...opts.seed === void 0 ? {} : { seed: opts.seed },
    ...opts.memoryBudgetBytes === void 0 ? {} : { memoryBudgetBytes: opts.memoryBudgetBytes }
  });
}

// ../../packages/transformer-payne/src/attentionMaps.ts
init_src2();
import * as tf20 from "@tensorflow/tfjs";
function attentionMaps(model, labels, wavelength, opts = {}) {
  const who = "attentionMaps";
  const L = model.labels.length;
  const values = labels instanceof tf20.Tensor ? labels.dataSync() : Float32Array.from(labels);
  if (values.length !== L || labels instanceof tf20.Tensor && labels.size !== L) {
    throw new ShapeError2(`Argument 'labels' passed to '${who}' must be ONE label vector of ${L} values; got ${values.length}`);
  }
  const grid = toWavelengthGrid(who, wavelength);
  checkWavelengthDomain(who, grid, model.wavelength, opts);
  checkLabelDomain(who, values, model.labels, opts);
  const perBlock = model.layers.blocks.map(() => []);
  tf20.tidy(() => {
    const scaled = scaleLabels(tf20.tensor2d(Float32Array.from(values), [1, L]), model.labels);
    const flux = model.forward(scaled, grid, {
      ...opts.memoryBudgetBytes === void 0 ? {} : { memoryBudgetBytes: opts.memoryBudgetBytes },
      onAttention: (block, weights) => perBlock[block].push(tf20.keep(weights))
    });
    flux.dispose();
  });
  return tf20.tidy(() => {
    const maps = perBlock.map((chunks) => (chunks.length === 1 ? chunks[0] : tf20.concat(chunks, 2)).squeeze([0]));
    const out = tf20.stack(maps);
    perBlock.flat().forEach((t) => t.dispose());
    return out;
  });
}

// ../../packages/transformer-payne/src/index.ts
registerTransformerPayne();

// src/attentionFigure.ts
async function attentionFigure(emulator, labels, wavelength, pixel) {
  if (!(emulator instanceof TransformerPayne)) return void 0;
  const lo = Math.max(0, pixel - 2);
  const grid = wavelength.slice(lo, Math.min(wavelength.length, pixel + 3));
  const backend = tf21.getBackend();
  if (backend === "wasm") await tf21.setBackend("cpu");
  try {
    const maps = attentionMaps(emulator, labels, grid);
    const values = await maps.data();
    const shape = maps.shape;
    maps.dispose();
    return attentionMapPlot({ values, shape, wavelength: grid, view: { kind: "layer-head", wavelengthIndex: pixel - lo } });
  } finally {
    if (backend === "wasm") await tf21.setBackend("wasm");
  }
}

// src/progressBar.ts
import cliProgress from "cli-progress";
function progressBar(io, label) {
  const live = io.progress ?? Boolean(process.stderr.isTTY);
  let bar;
  let startTime = 0;
  let startStep = 0;
  let bestMae = Infinity;
  let lastPrinted = -1;
  const payload = (step, total, loss) => {
    const elapsed = (performance.now() - startTime) / 1e3;
    const rate = elapsed > 0 && step > startStep ? (step - startStep) / elapsed : 0;
    const eta = rate > 0 ? (total - step) / rate : NaN;
    return { loss: loss.toExponential(3), rate: rate > 0 ? rate.toFixed(2) : "\u2014", eta: formatSeconds(eta), mae: Number.isFinite(bestMae) ? bestMae.toExponential(3) : "\u2014" };
  };
  return {
    onEvent(e) {
      if (e.type === "resume") {
        startStep = e.step;
        io.err(`${label}: resumed at step ${e.step} from ${e.path}`);
        return;
      }
      if (e.type === "validation") {
        bestMae = Math.min(bestMae, e.metrics.mae);
        return;
      }
      if (e.type !== "step") return;
      if (startTime === 0) {
        startTime = performance.now();
        startStep = e.step;
        if (live) {
          bar = new cliProgress.SingleBar({
            format: `${label} [{bar}] {value}/{total} | loss {loss} | {rate} steps/s | ETA {eta} | best val MAE {mae}`,
            stream: process.stderr,
            hideCursor: true,
            etaBuffer: 50
          });
          bar.start(e.totalSteps, e.step - 1, payload(e.step - 1, e.totalSteps, e.loss));
        }
      }
      const p = payload(e.step, e.totalSteps, e.loss);
      if (bar) bar.update(e.step, p);
      else {
        const decile = Math.floor(10 * e.step / e.totalSteps);
        if (decile !== lastPrinted || e.step === e.totalSteps) {
          lastPrinted = decile;
          io.err(`${label} step ${e.step}/${e.totalSteps} | loss ${p.loss} | ${p.rate} steps/s | ETA ${p.eta} | best val MAE ${p.mae}`);
        }
      }
    },
    stop() {
      bar?.stop();
    }
  };
}
function formatSeconds(s) {
  if (!Number.isFinite(s)) return "\u2014";
  if (s < 60) return `${s.toFixed(0)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.round(s % 3600 / 60)).padStart(2, "0")}m`;
}

// src/writeReport.ts
var REPORT_FILE = "report.md";
async function writeReport(o) {
  const plots = join(o.out, "plots");
  await mkdir2(plots, { recursive: true });
  const figures = [];
  const figure = async (name, caption, spec) => {
    const file = await writePlot(join(plots, name), spec);
    figures.push(`### ${caption}

![${caption}](${relative(o.out, file.png)}) ([SVG](${relative(o.out, file.svg)}))
`);
  };
  const wavelength = o.data.wavelength;
  for (const m of o.models) {
    await figure(`loss-${slug(m.name)}`, `${m.name}: training loss and validation metrics`, lossCurvePlot({ train: m.run.logs.loss, validation: m.run.logs.validations, title: m.name }));
  }
  for (const m of o.models) {
    const bands = m.evaluation.metrics.bands;
    await figure(`residual-bands-${slug(m.name)}`, `${m.name}: residuals vs wavelength (paper Fig. 4)`, residualBandsPlot({ wavelength, bands, title: `${m.name}: residuals over ${m.evaluation.metrics.spectra} validation spectra` }));
  }
  await figure("residual-histogram", "Residual histogram (paper Fig. 4)", residualHistogramPlot({ series: o.models.map((m) => ({ name: m.name, residuals: m.evaluation.residuals })) }));
  const example = o.models[0].evaluation.example;
  const deepest = argMin(example.truth);
  const span = Math.max((wavelength[wavelength.length - 1] - wavelength[0]) / 10, 3 * (wavelength[1] - wavelength[0]));
  const range = [wavelength[deepest] - span / 2, wavelength[deepest] + span / 2];
  await figure(
    "spectrum-zoom",
    "Predicted vs true spectrum, first validation spectrum (paper Fig. 1)",
    spectrumComparisonPlot({ wavelength, truth: example.truth, predicted: o.models.map((m) => ({ name: m.name, flux: m.evaluation.example.predicted })), range })
  );
  for (const m of o.models) {
    const spec = await attentionFigure(m.run.emulator, m.evaluation.example.labels, wavelength, deepest);
    if (spec) await figure(`attention-${slug(m.name)}`, `${m.name}: attention of every block and head at ${wavelength[deepest].toFixed(2)} \xC5 (paper Fig. 9)`, spec);
  }
  const rows = o.models.map((m) => {
    const r = m.run.result;
    const x = m.evaluation.metrics;
    const steps = r.step;
    return `| ${m.name} | ${m.run.emulator.parameterCount().toLocaleString("en-US")} | ${steps} | ${formatSeconds(m.run.seconds)} | ${(steps / m.run.seconds).toFixed(2)} | ${r.best.mae?.step ?? "\u2014"} | ${sci(x.mse)} | ${sci(x.mae)} | ${sci(x.maqe95)} | ${sci(x.maxAE)} |`;
  });
  const md = [
    `# ${o.title}`,
    "",
    `Data: ${o.data.description}.`,
    o.command ? `
Command: \`${o.command}\`
` : "",
    "## Final metrics (best-validation-MAE weights, on the validation spectra)",
    "",
    "| model | parameters | steps | train time | steps/s | best step | MSE | MAE | MAQE0.95 | MaxAE |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    ...o.models.map((m) => `- **${m.name}**: ${m.run.origin}; bundle \`${relative(o.out, m.run.bundle) || "."}\`.`),
    "",
    "Per-validation metrics are in `metrics.jsonl`, per-step losses in `loss.jsonl` (one folder per model when there are several).",
    "",
    "## Figures",
    "",
    ...figures,
    ...o.sections ?? []
  ].join("\n");
  const path = join(o.out, REPORT_FILE);
  await writeFile2(`${path}.tmp`, md);
  await rename2(`${path}.tmp`, path);
  return path;
}
function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}
function argMin(a) {
  let k = 0;
  for (let i = 1; i < a.length; i++) if (a[i] < a[k]) k = i;
  return k;
}
function sci(x) {
  return Number.isFinite(x) ? x.toExponential(3) : String(x);
}

// src/fitHeldOut.ts
var DEMO_FIT_LABELS = ["Teff", "logg", "Fe", "Mg"];
async function fitHeldOut(emulators, grid, rows, snr = 100) {
  let fitSpectra2;
  try {
    const mod = await Promise.resolve().then(() => (init_src4(), src_exports));
    if (typeof mod.fitSpectra === "function") fitSpectra2 = mod.fitSpectra;
  } catch (e) {
    return skipped(`@astroemu/inference did not load (${e.message.split("\n")[0]})`);
  }
  if (!fitSpectra2) return skipped("@astroemu/inference exports no fitSpectra yet");
  const names = grid.labelNames;
  const spectra = rows.map((i) => observe(grid.wavelength, grid.spectrum(i), { snr, seed: 1e3 + i }));
  const truths = rows.map((i) => grid.labels(i));
  const lines = [
    `## Label fits of ${rows.length} held-out noisy spectra`,
    "",
    `Spectra from the validation stream not used for validation, with Gaussian noise at S/N ${snr} (synth \`observe\`). Fitted: ${DEMO_FIT_LABELS.join(", ")} (Levenberg\u2013Marquardt, @astroemu/inference \`fitSpectra\`); every other label fixed at its true value, RV fixed at 0.`,
    "",
    `| model | spectrum | ${DEMO_FIT_LABELS.map((l) => `${l} true \u2192 fit \xB1 \u03C3`).join(" | ")} | \u03C7\xB2_red |`,
    `|---|---|${DEMO_FIT_LABELS.map(() => "---|").join("")}---|`
  ];
  const errors = [];
  for (const { name, emulator } of emulators) {
    const fixed = {};
    for (const l of emulator.labels) {
      if (!DEMO_FIT_LABELS.includes(l.name)) fixed[l.name] = truths.map((t) => t[names.indexOf(l.name)]);
    }
    let results;
    try {
      results = fitSpectra2(emulator, spectra.map((s) => ({ wavelength: grid.wavelength, flux: s.flux, ivar: s.ivar })), { fit: DEMO_FIT_LABELS, fixed, rv: { min: -5, max: 5, fit: false, value: 0 }, seed: 0 });
    } catch (e) {
      const why = e.message.split("\n")[0];
      lines.push(`| ${name} | \u2014 | ${DEMO_FIT_LABELS.map(() => "\u2014").join(" | ")} | fit failed: ${why} |`);
      errors.push(`${name}: fit failed (${why})`);
      continue;
    }
    const absErr = DEMO_FIT_LABELS.map(() => 0);
    results.forEach((r, k) => {
      const cells = DEMO_FIT_LABELS.map((l, j) => {
        const t = truths[k][names.indexOf(l)];
        const fitted = r.labels[l] ?? NaN;
        absErr[j] += Math.abs(fitted - t) / results.length;
        const d = l === "Teff" ? 0 : 3;
        return `${t.toFixed(d)} \u2192 ${fitted.toFixed(d)} \xB1 ${(r.uncertainties[l] ?? NaN).toFixed(d)}`;
      });
      lines.push(`| ${name} | ${rows[k]} | ${cells.join(" | ")} | ${r.reducedChi2.toFixed(2)}${r.flags.length ? ` (${r.flags.join(", ")})` : ""}${r.error ? ` \u2014 ${r.error}` : ""} |`);
    });
    errors.push(`${name}: ${DEMO_FIT_LABELS.map((l, j) => `|\u0394${l}| ${sci(absErr[j])}`).join(", ")}`);
  }
  lines.push("", `Mean absolute errors \u2014 ${errors.join("; ")}.`, "");
  return { markdown: lines.join("\n"), line: `label fits: ${errors.join("; ")}` };
}
function skipped(why) {
  return {
    markdown: `## Label fits

Skipped: ${why}. The demo stopped after evaluation.
`,
    line: `label fits skipped: ${why}`
  };
}

// src/loadData.ts
init_src();
import { access } from "node:fs/promises";

// ../../packages/training/src/AdamW.ts
import * as tf28 from "@tensorflow/tfjs";

// ../../packages/training/src/errors.ts
init_src2();
var TrainingError = class extends AstroemuError {
};
var CheckpointError = class extends AstroemuError {
};
function describe(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null || v === void 0) return String(v);
  if (Array.isArray(v)) return `array(${v.length})`;
  return typeof v;
}
function checkPositiveInt2(who, name, v) {
  if (!(typeof v === "number" && Number.isInteger(v) && v >= 1)) {
    throw new TrainingError(`${who}: option '${name}' must be a positive integer; got ${describe(v)}`);
  }
  return v;
}
function checkNonNegative(who, name, v) {
  if (!(typeof v === "number" && Number.isFinite(v) && v >= 0)) {
    throw new TrainingError(`${who}: option '${name}' must be a finite number \u2265 0; got ${describe(v)}`);
  }
  return v;
}

// ../../packages/training/src/AdamW.ts
var AdamW = class {
  beta1;
  beta2;
  epsilon;
  weightDecay;
  decoupled;
  t = 0;
  slots = /* @__PURE__ */ new Map();
  constructor(variables, opts = {}) {
    const who = "AdamW";
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    for (const [k, b] of [["beta1", this.beta1], ["beta2", this.beta2]]) {
      if (!(b >= 0 && b < 1)) throw new TrainingError(`${who}: option '${k}' must be in [0, 1); got ${describe(b)}`);
    }
    this.epsilon = checkNonNegative(who, "epsilon", opts.epsilon ?? 1e-8);
    this.weightDecay = checkNonNegative(who, "weightDecay", opts.weightDecay ?? 0.01);
    this.decoupled = opts.decoupled ?? true;
    for (const [name, variable4] of variables) {
      if (this.slots.has(name)) throw new TrainingError(`${who}: parameter '${name}' is listed twice`);
      const multiplier = opts.multipliers?.get(name) ?? 1;
      if (!(multiplier >= 0 && Number.isFinite(multiplier))) {
        throw new TrainingError(`${who}: learning-rate multiplier of '${name}' must be a finite number \u2265 0; got ${describe(multiplier)}`);
      }
      this.slots.set(name, {
        variable: variable4,
        m: tf28.variable(tf28.zerosLike(variable4), false),
        v: tf28.variable(tf28.zerosLike(variable4), false),
        multiplier,
        decay: opts.decay ? opts.decay(name) : true
      });
    }
  }
  /** Number of updates applied. */
  get step() {
    return this.t;
  }
  /** Names of the parameters this optimiser updates, in order. */
  names() {
    return [...this.slots.keys()];
  }
  /**
   * One update with gradients by parameter name (every parameter needs one) and base learning rate `lr`.
   * Does not dispose the gradients.
   */
  apply(grads, lr) {
    const get = (n) => grads instanceof Map ? grads.get(n) : grads[n];
    if (!(Number.isFinite(lr) && lr >= 0)) throw new TrainingError(`AdamW.apply: 'lr' must be a finite number \u2265 0; got ${describe(lr)}`);
    for (const [name, s] of this.slots) {
      const g = get(name);
      if (g === void 0) throw new TrainingError(`AdamW.apply: no gradient for parameter '${name}'`);
      if (g.shape.join() !== s.variable.shape.join()) {
        throw new TrainingError(`AdamW.apply: gradient of '${name}' has shape [${g.shape}]; expected [${s.variable.shape}]`);
      }
    }
    this.t += 1;
    const { beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd } = this;
    const bc1 = 1 - b1 ** this.t;
    const sqrtBc2 = Math.sqrt(1 - b2 ** this.t);
    for (const [name, s] of this.slots) {
      const g0 = get(name);
      const lri = lr * s.multiplier;
      tf28.tidy(() => {
        let w = s.variable;
        let g = g0;
        if (s.decay && wd > 0) {
          if (this.decoupled) w = tf28.mul(w, 1 - lri * wd);
          else g = tf28.add(g, tf28.mul(w, wd));
        }
        const m = tf28.add(tf28.mul(s.m, b1), tf28.mul(g, 1 - b1));
        const v = tf28.add(tf28.mul(s.v, b2), tf28.mul(tf28.square(g), 1 - b2));
        const denom = tf28.add(tf28.div(tf28.sqrt(v), sqrtBc2), eps);
        s.m.assign(m);
        s.v.assign(v);
        s.variable.assign(tf28.sub(w, tf28.mul(tf28.div(m, denom), lri / bc1)));
      });
    }
  }
  /** Copies of the state (for checkpoints). */
  getState() {
    const m = /* @__PURE__ */ new Map();
    const v = /* @__PURE__ */ new Map();
    for (const [name, s] of this.slots) {
      m.set(name, s.m.dataSync());
      v.set(name, s.v.dataSync());
    }
    return { step: this.t, m, v };
  }
  /** Restores a state from {@link getState}; every parameter must be present with the right size. */
  setState(state) {
    if (!(Number.isInteger(state.step) && state.step >= 0)) {
      throw new TrainingError(`AdamW.setState: 'step' must be an integer \u2265 0; got ${describe(state.step)}`);
    }
    for (const [name, s] of this.slots) {
      for (const key of ["m", "v"]) {
        const values = state[key].get(name);
        if (values === void 0) throw new TrainingError(`AdamW.setState: no '${key}' for parameter '${name}'`);
        if (values.length !== s.variable.size) {
          throw new TrainingError(`AdamW.setState: '${key}' of '${name}' has ${values.length} values; expected ${s.variable.size}`);
        }
      }
    }
    for (const [name, s] of this.slots) {
      tf28.tidy(() => {
        s.m.assign(tf28.tensor(state.m.get(name), s.variable.shape, "float32"));
        s.v.assign(tf28.tensor(state.v.get(name), s.variable.shape, "float32"));
      });
    }
    this.t = state.step;
  }
  /** Frees m and v (not the parameters). */
  dispose() {
    for (const s of this.slots.values()) {
      s.m.dispose();
      s.v.dispose();
    }
    this.slots.clear();
  }
};

// ../../packages/training/src/createAdam.ts
function createAdam(variables, opts = {}) {
  return new AdamW(variables, { ...opts, weightDecay: opts.weightDecay ?? 0, decoupled: false });
}

// ../../packages/training/src/clipByGlobalNorm.ts
import * as tf29 from "@tensorflow/tfjs";
function clipByGlobalNorm(grads, maxNorm) {
  if (!(maxNorm > 0 && Number.isFinite(maxNorm))) {
    throw new TrainingError(`clipByGlobalNorm: argument 'maxNorm' must be a finite number > 0; got ${describe(maxNorm)}`);
  }
  return tf29.tidy(() => {
    const squares = grads.map((g) => tf29.sum(tf29.square(g)));
    const globalNorm = tf29.sqrt(squares.length ? tf29.addN(squares) : tf29.scalar(0));
    const scale = tf29.div(maxNorm, tf29.maximum(globalNorm, maxNorm));
    return { grads: grads.map((g) => tf29.mul(g, scale)), globalNorm };
  });
}

// ../../packages/training/src/muPMultipliers.ts
var GROUPS = [
  { prefix: "input/", role: "embedding-in", scale: () => 1 },
  { prefix: "labelEmbedding/", role: "embedding-out", scale: (m) => 1 / m },
  { prefix: "tokens/", role: "embedding-out", scale: (m) => 1 / m },
  { prefix: "blocks/", role: "attention / feed-forward", scale: (m) => 1 / m },
  { prefix: "hidden/", role: "hidden", scale: (m) => 1 / m },
  { prefix: "head/", role: "head", scale: (m) => 1 / m }
];
function muPMultipliers(shapes, opts) {
  const who = "muPMultipliers";
  for (const k of ["width", "baseWidth"]) {
    if (!(opts[k] > 0 && Number.isFinite(opts[k]))) throw new TrainingError(`${who}: option '${k}' must be a finite number > 0; got ${describe(opts[k])}`);
  }
  const m = opts.width / opts.baseWidth;
  const out = /* @__PURE__ */ new Map();
  for (const [name, shape] of shapes) {
    const base = name.startsWith("lora/") ? name.slice("lora/".length) : name;
    const group = GROUPS.find((g) => base.startsWith(g.prefix));
    if (!group) {
      throw new TrainingError(
        `${who}: parameter '${name}' belongs to no muP group; expected a name starting with ${GROUPS.map((g) => `'${g.prefix}'`).join(", ")}`
      );
    }
    out.set(name, shape.length <= 1 ? 1 : group.scale(m));
  }
  return out;
}

// ../../packages/training/src/constantSchedule.ts
function constantSchedule(value) {
  checkNonNegative("constantSchedule", "value", value);
  return () => value;
}

// ../../packages/training/src/cosineWarmRestarts.ts
function cosineWarmRestarts(opts) {
  const who = "cosineWarmRestarts";
  const peak = checkNonNegative(who, "peak", opts.peak);
  const T0 = checkPositiveInt2(who, "period", opts.period);
  const mult = checkPositiveInt2(who, "periodMultiplier", opts.periodMultiplier ?? 1);
  const min = checkNonNegative(who, "minimum", opts.minimum ?? 0);
  if (min > peak) throw new TrainingError(`${who}: option 'minimum' must be \u2264 'peak' (${peak}); got ${describe(min)}`);
  return (t) => {
    let start = 0;
    let Ti = T0;
    if (mult === 1) {
      start = Math.floor(t / T0) * T0;
    } else {
      while (t >= start + Ti) {
        start += Ti;
        Ti *= mult;
      }
    }
    return min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * (t - start) / Ti));
  };
}

// ../../packages/training/src/warmupCosine.ts
function warmupCosine(opts) {
  const who = "warmupCosine";
  const peak = checkNonNegative(who, "peak", opts.peak);
  const T = checkPositiveInt2(who, "totalSteps", opts.totalSteps);
  const fraction = opts.warmupFraction ?? 0.1;
  if (!(fraction >= 0 && fraction < 1)) {
    throw new TrainingError(`${who}: option 'warmupFraction' must be in [0, 1); got ${describe(fraction)}`);
  }
  const W = Math.round(fraction * T);
  return (t) => {
    if (t < W) return peak * t / W;
    if (t <= T) return peak * 0.5 * (1 + Math.cos(Math.PI * (t - W) / (T - W)));
    return 0;
  };
}

// ../../packages/training/src/learningRateSchedule.ts
function createSchedule(spec) {
  switch (spec?.kind) {
    case "warmupCosine":
      return warmupCosine(spec);
    case "constant":
      return constantSchedule(spec.value);
    case "cosineWarmRestarts":
      return cosineWarmRestarts(spec);
    default:
      throw new TrainingError(
        `createSchedule: 'kind' must be one of 'warmupCosine', 'constant', 'cosineWarmRestarts'; got ${describe(spec?.kind)}`
      );
  }
}

// ../../packages/training/src/inMemorySource.ts
function inMemorySource(grid) {
  const L = grid.labelNames.length;
  const M = grid.wavelength.length;
  if (L === 0 || grid.labels.length % L !== 0) {
    throw new TrainingError(`inMemorySource: 'labels' must hold N \xD7 ${L} values; got ${grid.labels.length}`);
  }
  const n = grid.labels.length / L;
  if (grid.flux.length !== n * M) {
    throw new TrainingError(`inMemorySource: 'flux' must hold N \xD7 M = ${n} \xD7 ${M} = ${n * M} values; got ${grid.flux.length}`);
  }
  return {
    numRows: n,
    labelNames: [...grid.labelNames],
    wavelength: grid.wavelength,
    async rows(indices) {
      const k = indices.length;
      const labels = new Float32Array(k * L);
      const flux = new Float32Array(k * M);
      for (let r = 0; r < k; r++) {
        const i = indices[r];
        if (!(Number.isInteger(i) && i >= 0 && i < n)) {
          throw new TrainingError(`inMemorySource.rows: indices[${r}] must be a row in [0, ${n}); got ${i}`);
        }
        labels.set(grid.labels.subarray(i * L, (i + 1) * L), r * L);
        flux.set(grid.flux.subarray(i * M, (i + 1) * M), r * M);
      }
      return { labels, flux };
    }
  };
}

// ../../packages/training/src/syntheticGridSource.ts
function syntheticGridSource(grid) {
  return {
    numRows: grid.n,
    labelNames: grid.labelNames,
    wavelength: grid.wavelength,
    async rows(indices) {
      const b = grid.batch(indices);
      return { labels: b.labels, flux: b.flux };
    }
  };
}

// ../../packages/training/src/subsetSource.ts
function subsetSource(source, indices) {
  const map = Int32Array.from(indices);
  for (let i = 0; i < map.length; i++) {
    if (!(map[i] >= 0 && map[i] < source.numRows) || map[i] !== indices[i]) {
      throw new TrainingError(`subsetSource: indices[${i}] must be a row in [0, ${source.numRows}); got ${indices[i]}`);
    }
  }
  return {
    numRows: map.length,
    labelNames: source.labelNames,
    wavelength: source.wavelength,
    rows(rows) {
      const picked = new Array(rows.length);
      for (let r = 0; r < rows.length; r++) {
        const i = rows[r];
        if (!(Number.isInteger(i) && i >= 0 && i < map.length)) {
          throw new TrainingError(`subsetSource.rows: indices[${r}] must be a row in [0, ${map.length}); got ${i}`);
        }
        picked[r] = map[i];
      }
      return source.rows(picked);
    }
  };
}

// ../../packages/training/src/SeededRandom.ts
var SeededRandom = class {
  s;
  constructor(seed) {
    this.s = mix(seed) >>> 0;
  }
  /** Uniform in [0, 1). */
  next() {
    this.s = this.s + 1831565813 >>> 0;
    let t = this.s;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n) {
    return Math.floor(this.next() * n);
  }
  /** Standard normal (Box–Muller; uses two draws). */
  normal() {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  get state() {
    return this.s;
  }
  set state(s) {
    this.s = s >>> 0;
  }
};
function mixSeeds(...values) {
  let h = 2654435769;
  for (const v of values) h = mix((h ^ v >>> 0) >>> 0) ^ Math.imul(h, 2246822507);
  return h >>> 0;
}
function mix(x) {
  let h = x >>> 0;
  h = Math.imul(h ^ h >>> 16, 2146121005);
  h = Math.imul(h ^ h >>> 15, 2221713035);
  return (h ^ h >>> 16) >>> 0;
}

// ../../packages/training/src/BatchSampler.ts
var BatchSampler = class {
  n;
  seed;
  epoch = 0;
  cursor = 0;
  order;
  constructor(n, seed) {
    this.n = checkPositiveInt2("BatchSampler", "n", n);
    this.seed = seed;
    this.order = this.permutation(0);
  }
  next(batchSize) {
    const out = [];
    while (out.length < batchSize) {
      if (this.cursor === this.n) {
        this.epoch += 1;
        this.cursor = 0;
        this.order = this.permutation(this.epoch);
      }
      out.push(this.order[this.cursor++]);
    }
    return out;
  }
  get state() {
    return { epoch: this.epoch, cursor: this.cursor };
  }
  set state(s) {
    if (!(Number.isInteger(s?.epoch) && s.epoch >= 0 && Number.isInteger(s.cursor) && s.cursor >= 0 && s.cursor <= this.n)) {
      throw new TrainingError(`BatchSampler: state must be {epoch \u2265 0, cursor in [0, ${this.n}]}; got ${describe(JSON.stringify(s))}`);
    }
    this.epoch = s.epoch;
    this.cursor = s.cursor;
    this.order = this.permutation(s.epoch);
  }
  permutation(epoch) {
    const rand = new SeededRandom(mixSeeds(this.seed, epoch));
    const p = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) p[i] = i;
    for (let i = this.n - 1; i > 0; i--) {
      const j = rand.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
};

// ../../packages/training/src/interpolateRows.ts
function interpolateRows(wavelength, flux, at) {
  const M = wavelength.length;
  if (M < 2 || flux.length % M !== 0) {
    throw new TrainingError(`interpolateRows: 'flux' must hold n \xD7 ${M} values on a grid of \u2265 2 pixels; got ${flux.length} values`);
  }
  const n = flux.length / M;
  const K = at.length;
  const lo = new Int32Array(K);
  const w = new Float64Array(K);
  let j = 0;
  for (let k = 0; k < K; k++) {
    const x = at[k];
    if (!(x >= wavelength[0] && x <= wavelength[M - 1]) || k > 0 && x < at[k - 1]) {
      throw new TrainingError(
        `interpolateRows: 'at' must be increasing within [${wavelength[0]}, ${wavelength[M - 1]}]; at[${k}] = ${x}`
      );
    }
    while (j < M - 2 && wavelength[j + 1] <= x) j++;
    lo[k] = j;
    w[k] = (x - wavelength[j]) / (wavelength[j + 1] - wavelength[j]);
  }
  const out = new Float32Array(n * K);
  for (let r = 0; r < n; r++) {
    const row = r * M;
    for (let k = 0; k < K; k++) {
      const a = flux[row + lo[k]];
      const b = flux[row + lo[k] + 1];
      out[r * K + k] = a + w[k] * (b - a);
    }
  }
  return out;
}

// ../../packages/training/src/trainEmulator.ts
init_src2();
import * as tf31 from "@tensorflow/tfjs";

// ../../packages/training/src/checkpoint.ts
init_src2();
var CHECKPOINT_FORMAT = "astroemu-training-checkpoint";
var CHECKPOINT_VERSION = 1;
var CHECKPOINT_FILE = "checkpoint.safetensors";
function encodeCheckpoint(ckpt) {
  const who = "encodeCheckpoint";
  const tensors = /* @__PURE__ */ new Map();
  const shapeOf = (name, where2, values) => {
    const w = ckpt.weights.get(name);
    if (!w) throw new CheckpointError(`${who}: ${where2} has parameter '${name}' that 'weights' lacks`);
    if (w.values.length !== values.length) {
      throw new CheckpointError(`${who}: ${where2} of '${name}' has ${values.length} values; the weight has ${w.values.length}`);
    }
    return w.shape;
  };
  for (const [name, w] of ckpt.weights) tensors.set(`weights/${name}`, { dtype: "F32", shape: w.shape, data: w.values });
  for (const key of ["m", "v"]) {
    for (const [name, values] of ckpt.optimizer[key]) {
      tensors.set(`optimizer/${key}/${name}`, { dtype: "F32", shape: shapeOf(name, `optimizer.${key}`, values), data: values });
    }
  }
  const best = {};
  for (const [metric, b] of Object.entries(ckpt.best)) {
    best[metric] = { value: b.value, step: b.step };
    for (const [name, values] of b.weights) {
      tensors.set(`best/${metric}/${name}`, { dtype: "F32", shape: shapeOf(name, `best.${metric}`, values), data: values });
    }
  }
  const state = {
    version: CHECKPOINT_VERSION,
    step: ckpt.step,
    run: ckpt.run,
    random: ckpt.random,
    sampler: ckpt.sampler,
    optimizerStep: ckpt.optimizer.step,
    best,
    extra: ckpt.extra ?? {}
  };
  return writeSafetensors(tensors, { format: CHECKPOINT_FORMAT, state: JSON.stringify(state) });
}
function decodeCheckpoint(bytes, file = "checkpoint") {
  const who = "readCheckpoint";
  let parsed;
  try {
    parsed = readSafetensors(bytes);
  } catch (e) {
    throw new CheckpointError(`${who}: '${file}' is not a readable safetensors file: ${e.message}`);
  }
  const { tensors, metadata } = parsed;
  if (metadata.format !== CHECKPOINT_FORMAT || typeof metadata.state !== "string") {
    throw new CheckpointError(`${who}: '${file}' has format ${JSON.stringify(metadata.format)}; expected '${CHECKPOINT_FORMAT}'`);
  }
  const state = JSON.parse(metadata.state);
  if (state.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(`${who}: '${file}' has checkpoint version ${state.version}; this reader supports ${CHECKPOINT_VERSION}`);
  }
  const weights = /* @__PURE__ */ new Map();
  const m = /* @__PURE__ */ new Map();
  const v = /* @__PURE__ */ new Map();
  const best = {};
  for (const [metric, b] of Object.entries(state.best)) best[metric] = { ...b, weights: /* @__PURE__ */ new Map() };
  for (const [key, t] of tensors) {
    if (!(t.data instanceof Float32Array)) throw new CheckpointError(`${who}: tensor '${key}' in '${file}' must be F32; got ${t.dtype}`);
    const slash = key.indexOf("/");
    const group = key.slice(0, slash);
    const rest = key.slice(slash + 1);
    if (group === "weights") weights.set(rest, { shape: t.shape, values: t.data });
    else if (key.startsWith("optimizer/m/")) m.set(key.slice(12), t.data);
    else if (key.startsWith("optimizer/v/")) v.set(key.slice(12), t.data);
    else if (group === "best") {
      const s = rest.indexOf("/");
      const entry = best[rest.slice(0, s)];
      if (!entry) throw new CheckpointError(`${who}: tensor '${key}' in '${file}' belongs to no recorded best metric`);
      entry.weights.set(rest.slice(s + 1), t.data);
    } else throw new CheckpointError(`${who}: unexpected tensor '${key}' in '${file}'`);
  }
  return {
    step: state.step,
    run: state.run,
    random: state.random,
    sampler: state.sampler,
    weights,
    optimizer: { step: state.optimizerStep, m, v },
    best,
    extra: state.extra
  };
}
async function writeCheckpoint(dir, ckpt) {
  const fs = await import("node:fs/promises");
  const path = await import("node:path");
  const bytes = encodeCheckpoint(ckpt);
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, CHECKPOINT_FILE);
  const tmp = path.join(dir, `.${CHECKPOINT_FILE}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  const handle = await fs.open(tmp, "w");
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  return target;
}
async function readCheckpoint(dir) {
  const fs = await import("node:fs/promises");
  const path = await import("node:path");
  const file = path.join(dir, CHECKPOINT_FILE);
  const bytes = await fs.readFile(file).catch((e) => {
    if (e.code === "ENOENT") return void 0;
    throw e;
  });
  if (!bytes) return void 0;
  return decodeCheckpoint(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
}

// ../../packages/training/src/evaluateEmulator.ts
import * as tf30 from "@tensorflow/tfjs";

// ../../packages/training/src/labelColumns.ts
function labelColumns(emulatorLabels, sourceNames, who) {
  return Int32Array.from(emulatorLabels, (l) => {
    const c = sourceNames.indexOf(l.name);
    if (c < 0) {
      throw new TrainingError(
        `${who}: the data have no label column '${l.name}' that the emulator needs; columns: ${sourceNames.slice(0, 8).join(", ")}${sourceNames.length > 8 ? ", \u2026" : ""}`
      );
    }
    return c;
  });
}
function pickColumns(labels, width, columns) {
  const n = labels.length / width;
  const L = columns.length;
  const out = new Float32Array(n * L);
  for (let r = 0; r < n; r++) for (let j = 0; j < L; j++) out[r * L + j] = labels[r * width + columns[j]];
  return out;
}

// ../../packages/training/src/evaluateEmulator.ts
var VALIDATION_METRICS = ["mse", "mae", "maqe95"];
async function evaluateEmulator(emulator, source, opts = {}) {
  const who = "evaluateEmulator";
  const batchSize = checkPositiveInt2(who, "batchSize", opts.batchSize ?? 64);
  const M = source.wavelength.length;
  const fixed = emulator.wavelength.fixed;
  if (fixed && fixed.length !== M) {
    throw new TrainingError(`${who}: the emulator predicts ${fixed.length} fixed pixels but the data have ${M}; they must share one grid`);
  }
  if (source.numRows < 1) throw new TrainingError(`${who}: the validation data have no rows`);
  const columns = labelColumns(emulator.labels, source.labelNames, who);
  const acc = new MetricsAccumulator({ keepResiduals: false, expectedCount: source.numRows * M, correlation: false });
  for (let start = 0; start < source.numRows; start += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, source.numRows - start) }, (_, i) => start + i);
    const rows = await source.rows(idx);
    const labels = pickColumns(rows.labels, source.labelNames.length, columns);
    const x = tf30.tensor2d(labels, [idx.length, columns.length], "float32");
    const y = fixed ? emulator.predict(x) : emulator.predict(x, source.wavelength);
    const predicted = await y.data();
    x.dispose();
    y.dispose();
    acc.add(predicted, rows.flux, idx.length, M);
  }
  const r = acc.result();
  return { mse: r.mse, mae: r.mae, maqe95: r.maqe95, spectra: r.spectra, wavelengths: r.wavelengths };
}

// ../../packages/training/src/namedVariables.ts
function namedVariables(emulator) {
  const store = emulator.parameters;
  if (store && typeof store.entries === "function") return store.entries();
  const byId = /* @__PURE__ */ new Map();
  for (const [name, t] of emulator.weights()) byId.set(t.id, name);
  return emulator.trainableVariables().map((v) => [byId.get(v.id) ?? v.name, v]);
}

// ../../packages/training/src/trainEmulator.ts
async function trainEmulator(emulator, opts) {
  const who = "trainEmulator";
  const { train, validation, lora } = opts;
  const steps = checkPositiveInt2(who, "steps", opts.steps);
  const batchSize = checkPositiveInt2(who, "batchSize", opts.batchSize ?? 16);
  const K = checkPositiveInt2(who, "wavelengthsPerSpectrum", opts.wavelengthsPerSpectrum ?? 8192);
  const every = Math.max(1, Math.floor(steps / 10));
  const validateEvery = checkPositiveInt2(who, "validateEvery", opts.validateEvery ?? every);
  const checkpointEvery = checkPositiveInt2(who, "checkpointEvery", opts.checkpointEvery ?? every);
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(seed)) throw new TrainingError(`${who}: option 'seed' must be an integer; got ${describe(seed)}`);
  const optimizerKind = opts.optimizer ?? "adamw";
  if (optimizerKind !== "adamw" && optimizerKind !== "adam") {
    throw new TrainingError(`${who}: option 'optimizer' must be 'adamw' or 'adam'; got ${describe(optimizerKind)}`);
  }
  const learningRate = checkNonNegative(who, "learningRate", opts.learningRate ?? 1e-3);
  const scheduleSpec = opts.schedule ?? { kind: "warmupCosine", peak: learningRate, totalSteps: steps, warmupFraction: 0.1 };
  const schedule = createSchedule(scheduleSpec);
  if (train.numRows < 1) throw new TrainingError(`${who}: the training data have no rows`);
  const conditioned = emulator.wavelength.fixed === void 0;
  const M = train.wavelength.length;
  if (!conditioned && emulator.wavelength.fixed.length !== M) {
    throw new TrainingError(`${who}: the emulator predicts ${emulator.wavelength.fixed.length} fixed pixels but the training data have ${M}; they must share one grid`);
  }
  if (conditioned && M < 2) throw new TrainingError(`${who}: the training grid needs \u2265 2 pixels to interpolate; got ${M}`);
  const columns = labelColumns(emulator.labels, train.labelNames, who);
  const L = columns.length;
  const modelVars = namedVariables(emulator);
  const trainVars = lora ? lora.entries() : modelVars;
  const allVars = lora ? [...modelVars, ...trainVars] : modelVars;
  const byTfName = new Map(trainVars.map(([name, v]) => [v.name, name]));
  const varList = trainVars.map(([, v]) => v);
  const multipliers = opts.muP ? muPMultipliers(trainVars.map(([n, v]) => [n, v.shape]), opts.muP) : void 0;
  const optimizerOptions = {
    ...opts.beta1 !== void 0 ? { beta1: opts.beta1 } : {},
    ...opts.beta2 !== void 0 ? { beta2: opts.beta2 } : {},
    ...opts.epsilon !== void 0 ? { epsilon: opts.epsilon } : {},
    ...opts.weightDecay !== void 0 ? { weightDecay: opts.weightDecay } : {},
    ...multipliers ? { multipliers } : {}
  };
  const optimizer = optimizerKind === "adam" ? createAdam(trainVars, optimizerOptions) : new AdamW(trainVars, optimizerOptions);
  const sampler = new BatchSampler(train.numRows, mixSeeds(seed, 1));
  const wavelengthRandom = new SeededRandom(mixSeeds(seed, 2));
  const run = {
    kind: emulator.kind,
    seed,
    steps,
    batchSize,
    wavelengthsPerSpectrum: conditioned ? K : null,
    trainRows: train.numRows,
    optimizer: { kind: optimizerKind, beta1: optimizer.beta1, beta2: optimizer.beta2, epsilon: optimizer.epsilon, weightDecay: optimizer.weightDecay },
    schedule: scheduleSpec,
    clipNorm: opts.clipNorm ?? null,
    muP: opts.muP ?? null,
    lora: lora ? { rank: lora.rank, scale: lora.scale } : null
  };
  let step = 0;
  let loss = NaN;
  let lastValidation;
  const best = {};
  const bestWeights = {};
  const emit = async (e) => {
    if (opts.onProgress) await opts.onProgress(e);
  };
  try {
    if (opts.resume && opts.checkpointDir) {
      const ck = await readCheckpoint(opts.checkpointDir);
      if (ck) {
        restore(ck, opts.checkpointDir);
        await emit({ type: "resume", step, path: opts.checkpointDir });
      }
    }
    let stopped = false;
    while (step < steps) {
      if (opts.signal?.aborted) {
        stopped = true;
        break;
      }
      const indices = sampler.next(batchSize);
      const rows = await train.rows(indices);
      const labels = pickColumns(rows.labels, train.labelNames.length, columns);
      let wavelength;
      let target = rows.flux;
      if (conditioned) {
        const lo = train.wavelength[0];
        const span = train.wavelength[M - 1] - lo;
        wavelength = new Float64Array(K);
        for (let k = 0; k < K; k++) wavelength[k] = lo + span * wavelengthRandom.next();
        wavelength.sort();
        target = interpolateRows(train.wavelength, rows.flux, wavelength);
      }
      const lr = schedule(step);
      const stats = tf31.tidy(() => {
        const x = tf31.tensor2d(labels, [batchSize, L], "float32");
        const y = tf31.tensor2d(target, [batchSize, target.length / batchSize], "float32");
        const { value, grads } = tf31.variableGrads(() => {
          const predicted = conditioned ? emulator.predict(x, wavelength) : emulator.predict(x);
          return tf31.mean(tf31.squaredDifference(predicted, y));
        }, varList);
        const names = Object.keys(grads).map((n) => {
          const name = byTfName.get(n);
          if (name === void 0) throw new TrainingError(`${who}: got a gradient for unknown variable '${n}'`);
          return name;
        });
        let list = Object.values(grads);
        let gradNorm;
        if (opts.clipNorm !== void 0) {
          const clipped = clipByGlobalNorm(list, opts.clipNorm);
          list = clipped.grads;
          gradNorm = clipped.globalNorm;
        }
        optimizer.apply(new Map(names.map((n, i) => [n, list[i]])), lr);
        return gradNorm ? tf31.stack([value, gradNorm]) : tf31.reshape(value, [1]);
      });
      const values = await stats.data();
      stats.dispose();
      loss = values[0];
      step += 1;
      await emit({ type: "step", step, totalSteps: steps, loss, learningRate: lr, ...values.length > 1 ? { gradNorm: values[1] } : {} });
      if (!Number.isFinite(loss)) throw new TrainingError(`${who}: the loss became ${loss} at step ${step} (learning rate ${lr}); lower the learning rate or clip gradients`);
      if (validation && (step % validateEvery === 0 || step === steps)) {
        lastValidation = await evaluateEmulator(emulator, validation, { batchSize: opts.validationBatchSize ?? 64 });
        const improved = [];
        let snapshot;
        for (const metric of VALIDATION_METRICS) {
          const value = lastValidation[metric];
          const b = best[metric];
          if (b === void 0 || value < b.value) {
            snapshot ??= new Map(allVars.map(([n, v]) => [n, v.dataSync()]));
            best[metric] = { value, step };
            bestWeights[metric] = snapshot;
            improved.push(metric);
          }
        }
        await emit({ type: "validation", step, metrics: lastValidation, improved });
      }
      if (opts.checkpointDir && (step % checkpointEvery === 0 || step === steps)) await checkpoint(opts.checkpointDir);
    }
    if (stopped && opts.checkpointDir) await checkpoint(opts.checkpointDir);
    if (step === steps && opts.checkpointDir && !lora && (opts.saveBest ?? true)) {
      for (const metric of VALIDATION_METRICS) {
        const w = bestWeights[metric];
        if (w) await withWeights(w, () => saveEmulator(`${opts.checkpointDir}/best-${metric}`, emulator, { overwrite: true }));
      }
    }
    if (opts.restoreBest) {
      const w = bestWeights[opts.restoreBest];
      if (!w) throw new TrainingError(`${who}: option 'restoreBest' is '${opts.restoreBest}' but no validation ran`);
      assignAll(w);
    }
    return { step, stopped, loss, ...lastValidation ? { lastValidation } : {}, best, bestWeights };
  } finally {
    optimizer.dispose();
  }
  function assignAll(values) {
    for (const [name, v] of allVars) {
      const x = values.get(name);
      if (x === void 0) throw new CheckpointError(`${who}: the saved weights lack parameter '${name}'`);
      if (x.length !== v.size) throw new CheckpointError(`${who}: saved parameter '${name}' has ${x.length} values; the model's has shape [${v.shape}]`);
    }
    for (const [name, v] of allVars) tf31.tidy(() => v.assign(tf31.tensor(values.get(name), v.shape, "float32")));
  }
  async function withWeights(values, fn) {
    const current = new Map(allVars.map(([n, v]) => [n, v.dataSync()]));
    assignAll(values);
    try {
      return await fn();
    } finally {
      assignAll(current);
    }
  }
  async function checkpoint(dir) {
    const state = optimizer.getState();
    const ck = {
      step,
      run,
      random: { wavelength: wavelengthRandom.state },
      sampler: sampler.state,
      weights: new Map(allVars.map(([n, v]) => [n, { shape: [...v.shape], values: v.dataSync() }])),
      optimizer: state,
      best: Object.fromEntries(
        VALIDATION_METRICS.filter((m) => best[m]).map((m) => [m, { ...best[m], weights: bestWeights[m] }])
      ),
      extra: { loss }
    };
    const path = await writeCheckpoint(dir, ck);
    await emit({ type: "checkpoint", step, path });
  }
  function restore(ck, dir) {
    const file = `${dir}/${CHECKPOINT_FILE}`;
    for (const key of Object.keys(run)) {
      const a = JSON.stringify(ck.run[key] ?? null);
      const b = JSON.stringify(run[key] ?? null);
      if (a !== b) throw new CheckpointError(`${who}: cannot resume from '${file}': setting '${key}' was ${a} in that run; got ${b}`);
    }
    if (!(Number.isInteger(ck.step) && ck.step >= 0 && ck.step <= steps)) {
      throw new CheckpointError(`${who}: checkpoint '${file}' is at step ${ck.step}; expected an integer in [0, ${steps}]`);
    }
    for (const [name, v] of allVars) {
      const w = ck.weights.get(name);
      if (!w) throw new CheckpointError(`${who}: checkpoint '${file}' lacks parameter '${name}'`);
      if (w.shape.join() !== v.shape.join()) {
        throw new CheckpointError(`${who}: parameter '${name}' has shape [${w.shape}] in '${file}'; the model's is [${v.shape}]`);
      }
    }
    assignAll(new Map([...ck.weights].map(([n, w]) => [n, w.values])));
    optimizer.setState(ck.optimizer);
    sampler.state = ck.sampler;
    wavelengthRandom.state = ck.random.wavelength ?? 0;
    step = ck.step;
    loss = typeof ck.extra?.loss === "number" ? ck.extra.loss : NaN;
    for (const metric of VALIDATION_METRICS) {
      const b = ck.best[metric];
      if (b) {
        best[metric] = { value: b.value, step: b.step };
        bestWeights[metric] = b.weights;
      }
    }
  }
}

// ../../packages/training/src/extendInputLabels.ts
init_src2();
import * as tf32 from "@tensorflow/tfjs";
var INPUT_KERNEL = "input/kernel";
function extendInputLabels(source, newLabels, opts = {}) {
  const who = "extendInputLabels";
  const config = "predict" in source ? source.config() : source.config;
  const weights = "predict" in source ? source.weights() : source.weights;
  if (newLabels.length === 0) throw new TrainingError(`${who}: 'newLabels' must name at least one label; got none`);
  const old = config.labels;
  const clash = newLabels.find((l) => old.some((o) => o.name === l.name));
  if (clash) throw new TrainingError(`${who}: label '${clash.name}' is already one of the emulator's ${old.length} labels`);
  const labels = [...old, ...newLabels].map((l) => ({ ...l }));
  validateLabelSpecs(labels, who);
  const kernel = weights.get(INPUT_KERNEL);
  if (!kernel) {
    throw new TrainingError(`${who}: emulator of kind '${config.kind}' has no weight '${INPUT_KERNEL}' (the [L, H] input layer); weights: ${[...weights.keys()].slice(0, 5).join(", ")}\u2026`);
  }
  if (kernel.rank !== 2 || kernel.shape[0] !== old.length) {
    throw new TrainingError(`${who}: '${INPUT_KERNEL}' must have shape [${old.length}, H] (one row per label); got [${kernel.shape}]`);
  }
  const H = kernel.shape[1];
  const n = newLabels.length;
  const init = opts.init ?? "zeros";
  if (init !== "zeros" && init !== "normal") throw new TrainingError(`${who}: option 'init' must be 'zeros' or 'normal'; got ${describe(init)}`);
  const rows = new Float32Array(n * H);
  if (init === "normal") {
    const std = opts.std ?? 1e-3;
    const rand = new SeededRandom(opts.seed ?? 0);
    for (let i = 0; i < rows.length; i++) rows[i] = std * rand.normal();
  }
  const extended = new Map(weights);
  const newKernel = tf32.tidy(() => tf32.concat([kernel, tf32.tensor2d(rows, [n, H])], 0));
  extended.set(INPUT_KERNEL, newKernel);
  const def = getEmulatorKind(config.kind);
  const newConfig = def.parseConfig({ ...config, labels });
  try {
    return def.build(newConfig, extended);
  } finally {
    newKernel.dispose();
  }
}

// ../../packages/training/src/attachLoRA.ts
import * as tf33 from "@tensorflow/tfjs";
var instances2 = 0;
function attachLoRA(model, opts) {
  const who = "attachLoRA";
  const store = ("parameters" in model ? model.parameters : model) ?? {};
  if (typeof store.setAdapter !== "function" || typeof store.entries !== "function") {
    throw new TrainingError(`${who}: the model's parameter store must provide entries() and setAdapter(name, fn); got ${describe(store)} without them`);
  }
  const rank = checkPositiveInt2(who, "rank", opts.rank);
  const alpha = opts.alpha ?? rank;
  if (!(alpha > 0 && Number.isFinite(alpha))) throw new TrainingError(`${who}: option 'alpha' must be a finite number > 0; got ${describe(alpha)}`);
  const scale = alpha / rank;
  const isTarget = opts.targets ?? ((name, shape) => shape.length === 2 && name.endsWith("/kernel"));
  const rand = new SeededRandom(opts.seed ?? 0);
  const ns = `lora_${instances2++}`;
  const adapters = [];
  for (const [name, base] of store.entries()) {
    if (!isTarget(name, base.shape)) continue;
    if (base.rank !== 2) throw new TrainingError(`${who}: target '${name}' must be a matrix; got shape [${base.shape}]`);
    const [inDim, outDim] = base.shape;
    const values = new Float32Array(inDim * rank);
    const std = 1 / Math.sqrt(inDim);
    for (let i = 0; i < values.length; i++) values[i] = std * rand.normal();
    const a = tf33.variable(tf33.tensor2d(values, [inDim, rank]), true, `${ns}/${name}/a`);
    const b = tf33.variable(tf33.zeros([rank, outDim]), true, `${ns}/${name}/b`);
    adapters.push({ name, base, a, b });
  }
  if (adapters.length === 0) throw new TrainingError(`${who}: no parameter matched 'targets'; the model has ${store.entries().length} parameters`);
  for (const { name, a, b } of adapters) {
    store.setAdapter(name, (w) => tf33.add(w, tf33.mul(matMul2(a, b), scale)));
  }
  let live = true;
  const release = () => {
    for (const { name, a, b } of adapters) {
      store.setAdapter(name, null);
      a.dispose();
      b.dispose();
    }
    live = false;
  };
  return {
    rank,
    scale,
    targets: adapters.map((x) => x.name),
    entries() {
      if (!live) throw new TrainingError(`LoRAAdapters.entries: the adapters were merged or disposed`);
      return adapters.flatMap(({ name, a, b }) => [[`lora/${name}/a`, a], [`lora/${name}/b`, b]]);
    },
    merge() {
      if (!live) throw new TrainingError(`LoRAAdapters.merge: the adapters were already merged or disposed`);
      for (const { base, a, b } of adapters) {
        tf33.tidy(() => base.assign(tf33.add(base, tf33.mul(matMul2(a, b), scale))));
      }
      release();
    },
    dispose() {
      if (live) release();
    }
  };
}

// src/errors.ts
var ArgumentError = class extends Error {
  constructor(argument, message) {
    super(`Argument '${argument}': ${message}`);
    this.argument = argument;
    this.name = "ArgumentError";
  }
  argument;
};

// src/loadData.ts
var MATERIALIZE_LIMIT = 5e7;
async function loadTrainingData(grid, nTrain, nVal, synth) {
  if (grid.startsWith("synth:")) {
    const kind = grid.slice("synth:".length);
    if (kind !== "train" && kind !== "pretrain") {
      throw new ArgumentError("--grid", `synthetic grids are 'synth:train' or 'synth:pretrain'; got '${grid}'`);
    }
    const n = nTrain ?? 1e3;
    const opts = { R: synth.R, lambdaMin: synth.lambdaMin, lambdaMax: synth.lambdaMax };
    const train2 = makeGrid({ kind, n: n + (kind === "pretrain" ? nVal : 0), seed: synth.seed, ...opts });
    const trainSource = materialize(syntheticGridSource(train2), n);
    const validation2 = kind === "pretrain" ? subsetSource(syntheticGridSource(train2), Array.from({ length: nVal }, (_, i) => n + i)) : syntheticGridSource(makeGrid({ kind: "validation", n: nVal, seed: synth.seed, ...opts }));
    const labelSpecs2 = train2.labelSpecs.filter((s) => s.max > s.min).map((s) => ({ ...s }));
    return {
      train: await trainSource,
      validation: await materialize(validation2, nVal),
      labelSpecs: labelSpecs2,
      wavelength: train2.wavelength,
      description: `synthetic '${kind}' grid (@astroemu/synth, seed ${synth.seed}, R = ${synth.R}, ${synth.lambdaMin}\u2013${synth.lambdaMax} \xC5, ${train2.wavelength.length} pixels, ${labelSpecs2.length} labels); ${n} training + ${nVal} validation spectra`
    };
  }
  try {
    await access(grid);
  } catch {
    throw new ArgumentError("--grid", `grid file '${grid}' does not exist (give a .parquet/.arrow grid or synth:train)`);
  }
  const handle = await openGrid(grid);
  const { train, validation } = splitIndices(handle.numRows, { validationSize: Math.min(nVal, Math.floor(handle.numRows / 2)), seed: synth.seed });
  const trainIdx = nTrain === void 0 ? train : train.slice(0, nTrain);
  const labelSpecs = await fileLabelSpecs(handle, trainIdx);
  return {
    train: subsetSource(handle, trainIdx),
    validation: subsetSource(handle, validation),
    labelSpecs,
    wavelength: handle.wavelength,
    description: `grid file ${grid} (${handle.numRows} spectra, ${handle.wavelength.length} pixels); ${trainIdx.length} training + ${validation.length} validation spectra`
  };
}
async function fileLabelSpecs(handle, rows) {
  const stored = handle.meta.labelSpecs;
  if (Array.isArray(stored)) {
    const byName = new Map(stored.map((s) => [s.name, s]));
    if (handle.labelNames.every((n) => byName.has(n))) return handle.labelNames.map((n) => ({ ...byName.get(n) })).filter((s) => s.max > s.min);
  }
  const L = handle.labelNames.length;
  const lo = new Float64Array(L).fill(Infinity);
  const hi = new Float64Array(L).fill(-Infinity);
  for (let start = 0; start < rows.length; start += 1024) {
    const idx = Array.from({ length: Math.min(1024, rows.length - start) }, (_, i) => rows[start + i]);
    const { labels } = await handle.rows(idx);
    for (let i = 0; i < labels.length; i++) {
      lo[i % L] = Math.min(lo[i % L], labels[i]);
      hi[i % L] = Math.max(hi[i % L], labels[i]);
    }
  }
  const known = new Map(LABEL_SPECS.map((s) => [s.name, s.unit]));
  return handle.labelNames.map((name, k) => ({ name, ...known.has(name) ? { unit: known.get(name) } : {}, min: lo[k], max: hi[k] })).filter((s) => s.max > s.min);
}
async function materialize(source, n) {
  if (n * source.wavelength.length > MATERIALIZE_LIMIT) return source;
  const rows = await source.rows(Array.from({ length: n }, (_, i) => i));
  return inMemorySource({ labelNames: source.labelNames, labels: rows.labels, wavelength: source.wavelength, flux: rows.flux });
}

// src/trainRun.ts
init_src2();
import { access as access2 } from "node:fs/promises";
import { join as join3 } from "node:path";

// ../../packages/conv-emulator/src/convKind.ts
init_src2();

// ../../packages/conv-emulator/src/convConfig.ts
init_src2();
import { z as z3 } from "zod";
var CONV_ACTIVATIONS = ["gelu", "gelu_tanh", "relu", "tanh", "sigmoid"];
var CONV_OUTPUT_ACTIVATIONS = ["sigmoid", "linear"];
var SAMPLE_PLACEMENTS = ["pixel", "logWavelength"];
var int = z3.number().int().positive();
var convArchitectureSchema = z3.strictObject({
  /** Widths of the dense layers; the last must equal baseLength × baseChannels. */
  dense: z3.array(int).min(1).default([2048, 2048, 2048]),
  baseLength: int.default(512),
  baseChannels: int.default(4),
  /** Number of stride-2 transposed convolutions (each doubles the length). */
  upsamplings: z3.number().int().min(0).default(5),
  deconvFeatures: int.default(8),
  deconvKernel: int.default(4),
  /** Features of the stride-1 convolutions after the up-sampling. */
  convFeatures: z3.array(int).default([32, 32]),
  convKernel: int.default(3),
  activation: z3.enum(CONV_ACTIVATIONS).default("gelu"),
  outputActivation: z3.enum(CONV_OUTPUT_ACTIVATIONS).default("sigmoid"),
  samplePlacement: z3.enum(SAMPLE_PLACEMENTS).default("pixel"),
  seed: z3.number().int().default(0)
}).superRefine((a, ctx) => {
  const last = a.dense[a.dense.length - 1];
  if (last !== a.baseLength * a.baseChannels) {
    ctx.addIssue({
      code: "custom",
      path: ["dense"],
      message: `the last dense width (${last}) must equal baseLength \xD7 baseChannels = ${a.baseLength} \xD7 ${a.baseChannels} = ${a.baseLength * a.baseChannels}`
    });
  }
  if (a.baseLength * 2 ** a.upsamplings < 2) ctx.addIssue({ code: "custom", path: ["upsamplings"], message: "need at least 2 internal samples" });
});
var convConfigSchema = emulatorConfigSchema("conv", convArchitectureSchema).superRefine((c, ctx) => {
  if (c.wavelength.fixed === void 0) {
    ctx.addIssue({ code: "custom", path: ["wavelength", "fixed"], message: "the conv emulator needs a fixed wavelength grid" });
  }
});
function parseConvConfig(json) {
  return parseConfigWith(convConfigSchema, json, "conv");
}

// ../../packages/conv-emulator/src/ConvEmulator.ts
import * as tf36 from "@tensorflow/tfjs";
init_src2();

// ../../packages/conv-emulator/src/conv1d.ts
import * as tf34 from "@tensorflow/tfjs";
function conv1d2(x, kernel, bias) {
  return tf34.tidy(() => {
    const y = tf34.conv1d(x, kernel, 1, "same");
    return bias ? y.add(bias) : y;
  });
}

// ../../packages/conv-emulator/src/convTranspose1d.ts
init_src2();
import * as tf35 from "@tensorflow/tfjs";
function convTranspose1d(x, kernel, bias) {
  const [B, n, cIn] = x.shape;
  const [, kIn, cOut] = kernel.shape;
  if (kIn !== cIn) {
    throw new ShapeError2(`convTranspose1d: kernel [k, ${kIn}, ${cOut}] expects ${kIn} input channels; got x [${x.shape.join(", ")}]`);
  }
  return tf35.tidy(() => {
    const filter = tf35.reverse(kernel, 0).transpose([0, 2, 1]).expandDims(0);
    const y = tf35.conv2dTranspose(x.expandDims(1), filter, [B, 1, 2 * n, cOut], [1, 2], "same");
    const out = y.reshape([B, 2 * n, cOut]);
    return bias ? out.add(bias) : out;
  });
}

// ../../packages/conv-emulator/src/convWeightShapes.ts
function convWeightShapes(config) {
  const a = config.architecture;
  const s = {};
  const add8 = (name, kernel) => {
    s[`${name}/kernel`] = kernel;
    s[`${name}/bias`] = [kernel[kernel.length - 1]];
  };
  add8("input", [config.labels.length, a.dense[0]]);
  for (let i = 1; i < a.dense.length; i++) add8(`hidden/${i - 1}`, [a.dense[i - 1], a.dense[i]]);
  let c = a.baseChannels;
  for (let i = 0; i < a.upsamplings; i++) {
    add8(`deconv/${i}`, [a.deconvKernel, c, a.deconvFeatures]);
    c = a.deconvFeatures;
  }
  a.convFeatures.forEach((f, i) => {
    add8(`conv/${i}`, [a.convKernel, c, f]);
    c = f;
  });
  add8("output", [1, c, 1]);
  return s;
}
function convSampleCount(config) {
  return config.architecture.baseLength * 2 ** config.architecture.upsamplings;
}

// ../../packages/conv-emulator/src/interpolationWeights.ts
function interpolationWeights(grid, samples, placement) {
  const M = grid.length;
  const lower = new Int32Array(M);
  const weight = new Float32Array(M);
  const l0 = Math.log(grid[0]);
  const span = Math.log(grid[M - 1]) - l0;
  for (let m = 0; m < M; m++) {
    const frac = M === 1 ? 0 : placement === "pixel" ? m / (M - 1) : (Math.log(grid[m]) - l0) / span;
    const t = Math.min(Math.max(frac, 0), 1) * (samples - 1);
    const i = Math.min(Math.floor(t), samples - 2);
    lower[m] = i;
    weight[m] = t - i;
  }
  return { lower, weight };
}

// ../../packages/conv-emulator/src/version.ts
var PACKAGE_VERSION = "0.1.0";
var PACKAGE_NAME = "@astroemu/conv-emulator";

// ../../packages/conv-emulator/src/ConvEmulator.ts
var ConvEmulator = class {
  kind = "conv";
  labels;
  wavelength;
  architecture;
  /** Every weight, by name (`input/kernel`, `hidden/0/bias`, `deconv/3/kernel`, `conv/1/bias`, `output/kernel`, …). */
  parameters;
  /** Number of internal samples before interpolation (16 384 at paper size). */
  samples;
  input;
  hidden;
  deconv;
  conv;
  output;
  lower;
  upper;
  weight;
  cfg;
  /** Builds from a parsed config; with `weights` (names and shapes of `convWeightShapes`) copies them, else random init. */
  constructor(config, weights) {
    this.cfg = structuredClone(config);
    this.labels = this.cfg.labels;
    const fixed = Float64Array.from(this.cfg.wavelength.fixed);
    this.wavelength = { min: this.cfg.wavelength.min, max: this.cfg.wavelength.max, medium: this.cfg.wavelength.medium, fixed };
    this.architecture = this.cfg.architecture;
    this.samples = convSampleCount(this.cfg);
    const p = this.parameters = new Parameters({ seed: this.cfg.architecture.seed });
    const shapes = convWeightShapes(this.cfg);
    const init = (name) => weights ? { kernelInit: fromWeights(weights, `${name}/kernel`), biasInit: fromWeights(weights, `${name}/bias`) } : {};
    const dense2 = (name) => {
      const [inDim, outDim] = shapes[`${name}/kernel`];
      return createDense(p, name, { inDim, outDim, ...init(name) });
    };
    const convLayer = (name) => {
      const { kernelInit, biasInit } = init(name);
      p.create(`${name}/kernel`, shapes[`${name}/kernel`], kernelInit ?? lecunNormal());
      p.create(`${name}/bias`, shapes[`${name}/bias`], biasInit ?? ((s) => tf36.zeros([...s])));
      return { kernel: () => p.value(`${name}/kernel`), bias: () => p.value(`${name}/bias`) };
    };
    const a = this.cfg.architecture;
    this.input = dense2("input");
    this.hidden = a.dense.slice(1).map((_, i) => dense2(`hidden/${i}`));
    this.deconv = Array.from({ length: a.upsamplings }, (_, i) => convLayer(`deconv/${i}`));
    this.conv = a.convFeatures.map((_, i) => convLayer(`conv/${i}`));
    this.output = convLayer("output");
    const { lower, weight } = interpolationWeights(fixed, this.samples, a.samplePlacement);
    this.lower = tf36.tensor1d(lower, "int32");
    this.upper = tf36.tensor1d(lower.map((i) => i + 1), "int32");
    this.weight = tf36.tensor1d(weight, "float32");
  }
  /** Listing 3: scaled labels [B, L] ∈ [-0.5, 0.5] → flux [B, M]. No domain check. */
  forwardScaled(x) {
    const a = this.architecture;
    const act = (t) => activate(t, a.activation);
    return tf36.tidy(() => {
      const B = x.shape[0];
      let h = act(this.input.apply(x));
      for (const layer of this.hidden) h = act(layer.apply(h));
      let s = h.reshape([B, a.baseLength, a.baseChannels]);
      for (const l of this.deconv) s = act(convTranspose1d(s, l.kernel(), l.bias()));
      for (const l of this.conv) s = act(conv1d2(s, l.kernel(), l.bias()));
      const samples = conv1d2(s, this.output.kernel(), this.output.bias()).reshape([B, this.samples]);
      const flux = this.interpolate(samples);
      return activate(flux, a.outputActivation);
    });
  }
  /** Linear interpolation of [B, N] internal samples onto the M grid pixels. */
  interpolate(samples) {
    return tf36.tidy(() => {
      const lo = tf36.gather(samples, this.lower, 1);
      const hi = tf36.gather(samples, this.upper, 1);
      return lo.add(hi.sub(lo).mul(this.weight));
    });
  }
  /** Scales physical labels [B, L] to [-0.5, 0.5] ((x − min)/(max − min) − 0.5, no clipping). */
  scale(labels) {
    return scaleLabels(labels, this.labels);
  }
  /**
   * Labels [B, L] in physical units → normalized flux [B, M] on `wavelength.fixed`. Labels outside their
   * [min, max] throw a DomainError unless `{ extrapolate: true }`. `wavelength`, if given, must be the fixed grid.
   */
  predict(labels, wavelength, options = {}) {
    checkLabelTensor("ConvEmulator.predict", labels, this.labels, options);
    checkFixedGrid("ConvEmulator.predict", wavelength, this.wavelength.fixed);
    return tf36.tidy(() => this.forwardScaled(this.scale(labels)));
  }
  trainableVariables() {
    return this.parameters.variables();
  }
  parameterCount() {
    return this.parameters.count();
  }
  config() {
    const c = structuredClone(this.cfg);
    c.packageVersion = `${PACKAGE_NAME}@${PACKAGE_VERSION}`;
    return c;
  }
  weights() {
    return new Map(this.parameters.entries());
  }
  dispose() {
    this.parameters.dispose();
    tf36.dispose([this.lower, this.upper, this.weight]);
  }
};
function fromWeights(weights, name) {
  return (shape) => {
    const w = weights.get(name);
    if (!w) throw new ShapeError2(`ConvEmulator: weights have no tensor '${name}' (expected shape [${shape.join(", ")}])`);
    if (w.shape.join() !== shape.join()) {
      throw new ShapeError2(`ConvEmulator: weight '${name}' has shape [${w.shape.join(", ")}]; expected [${shape.join(", ")}]`);
    }
    return w.toFloat().clone();
  };
}

// ../../packages/conv-emulator/src/convKind.ts
var convKind = {
  kind: "conv",
  parseConfig: parseConvConfig,
  weightShapes: convWeightShapes,
  build: (config, weights) => new ConvEmulator(config, weights)
};
registerEmulatorKind(convKind);

// ../../packages/conv-emulator/src/createConvEmulator.ts
init_src2();

// ../../packages/conv-emulator/src/convPresets.ts
var CONV_PRESETS = {
  paper: { dense: [2048, 2048, 2048], baseLength: 512, baseChannels: 4, upsamplings: 5, deconvFeatures: 8, deconvKernel: 4, convFeatures: [32, 32], convKernel: 3 },
  small: { dense: [256, 256], baseLength: 64, baseChannels: 4, upsamplings: 5, deconvFeatures: 8, deconvKernel: 4, convFeatures: [16, 16], convKernel: 3 }
};

// ../../packages/conv-emulator/src/createConvEmulator.ts
function createConvEmulator(options) {
  const { preset: presetName = "paper", labels, wavelength, medium, weights, training, ...overrides } = options;
  const preset = CONV_PRESETS[presetName];
  if (preset === void 0) {
    throw new ConfigError(`createConvEmulator: preset must be one of ${Object.keys(CONV_PRESETS).join(", ")}; got '${String(presetName)}'`);
  }
  const fixed = Array.from(wavelength ?? [], Number);
  const architecture = { ...structuredClone(preset), activation: "gelu", outputActivation: "sigmoid", samplePlacement: "pixel", seed: 0, ...overrides };
  const config = parseConvConfig({
    kind: "conv",
    formatVersion: FORMAT_VERSION,
    labels: labels?.map((l) => ({ ...l })),
    wavelength: { min: fixed[0], max: fixed[fixed.length - 1], medium: medium ?? "unknown", fixed },
    architecture: { ...architecture, dense: [...architecture.dense], convFeatures: [...architecture.convFeatures] },
    ...training && { training }
  });
  return new ConvEmulator(config, weights);
}

// ../../packages/payne/src/payneKind.ts
init_src2();

// ../../packages/payne/src/payneConfig.ts
init_src2();
import { z as z4 } from "zod";

// ../../packages/payne/src/activation.ts
import * as tf37 from "@tensorflow/tfjs";
init_src2();
var PAYNE_ACTIVATIONS = ["gelu", "gelu_tanh", "leaky_relu", "sigmoid"];
var PAYNE_OUTPUT_ACTIVATIONS = ["sigmoid", "linear"];
var LEAKY_RELU_SLOPE = 0.01;
function applyActivation(x, name) {
  switch (name) {
    case "leaky_relu":
      return tf37.leakyRelu(x, LEAKY_RELU_SLOPE);
    case "gelu":
    case "gelu_tanh":
    case "sigmoid":
    case "linear":
      return activate(x, name);
    default:
      throw new ConfigError(
        `applyActivation: activation must be one of ${[...PAYNE_ACTIVATIONS, "linear"].join(", ")}; got '${String(name)}'`
      );
  }
}

// ../../packages/payne/src/payneConfig.ts
var INPUT_SCALINGS = ["centered", "unit"];
var payneArchitectureSchema = z4.strictObject({
  hidden: z4.array(z4.number().int().positive()).min(1),
  activation: z4.enum(PAYNE_ACTIVATIONS).default("gelu"),
  outputActivation: z4.enum(PAYNE_OUTPUT_ACTIVATIONS).default("sigmoid"),
  inputScaling: z4.enum(INPUT_SCALINGS).default("centered"),
  /** Seed of the random initialisation (weights of a loaded bundle do not depend on it). */
  seed: z4.number().int().default(0)
});
var payneConfigSchema = emulatorConfigSchema("payne", payneArchitectureSchema).superRefine((c, ctx) => {
  if (c.wavelength.fixed === void 0) {
    ctx.addIssue({ code: "custom", path: ["wavelength", "fixed"], message: "a Payne emulator needs a fixed wavelength grid" });
  }
});
function parsePayneConfig(json) {
  return parseConfigWith(payneConfigSchema, json, "payne");
}

// ../../packages/payne/src/PayneEmulator.ts
import * as tf38 from "@tensorflow/tfjs";
init_src2();

// ../../packages/payne/src/payneWeightShapes.ts
function payneWeightShapes(config) {
  const L = config.labels.length;
  const M = config.wavelength.fixed?.length ?? 0;
  const h = config.architecture.hidden;
  const shapes = { "input/kernel": [L, h[0]], "input/bias": [h[0]] };
  for (let i = 1; i < h.length; i++) {
    shapes[`hidden/${i - 1}/kernel`] = [h[i - 1], h[i]];
    shapes[`hidden/${i - 1}/bias`] = [h[i]];
  }
  shapes["output/kernel"] = [h[h.length - 1], M];
  shapes["output/bias"] = [M];
  return shapes;
}

// ../../packages/payne/src/version.ts
var PACKAGE_VERSION2 = "0.1.0";
var PACKAGE_NAME2 = "@astroemu/payne";

// ../../packages/payne/src/PayneEmulator.ts
var PayneEmulator = class {
  kind = "payne";
  labels;
  wavelength;
  architecture;
  /** Every weight, by name (`input/kernel`, `hidden/0/bias`, `output/kernel`, …). */
  parameters;
  input;
  hidden;
  output;
  cfg;
  /** Builds from a parsed config; with `weights` (names and shapes of `payneWeightShapes`) copies them, else random init. */
  constructor(config, weights) {
    this.cfg = structuredClone(config);
    this.labels = this.cfg.labels;
    const fixed = Float64Array.from(this.cfg.wavelength.fixed);
    this.wavelength = { min: this.cfg.wavelength.min, max: this.cfg.wavelength.max, medium: this.cfg.wavelength.medium, fixed };
    this.architecture = this.cfg.architecture;
    this.parameters = new Parameters({ seed: this.cfg.architecture.seed });
    const shapes = payneWeightShapes(this.cfg);
    const dense2 = (name) => {
      const [inDim, outDim] = shapes[`${name}/kernel`];
      return createDense(this.parameters, name, {
        inDim,
        outDim,
        ...weights && { kernelInit: fromWeights2(weights, `${name}/kernel`), biasInit: fromWeights2(weights, `${name}/bias`) }
      });
    };
    this.input = dense2("input");
    this.hidden = this.cfg.architecture.hidden.slice(1).map((_, i) => dense2(`hidden/${i}`));
    this.output = dense2("output");
  }
  /** Listings 1/2: scaled labels [B, L] (the network's input space) → flux [B, M]. No domain check. */
  forwardScaled(x) {
    const { activation, outputActivation } = this.architecture;
    return tf38.tidy(() => {
      let h = applyActivation(this.input.apply(x), activation);
      for (const layer of this.hidden) h = applyActivation(layer.apply(h), activation);
      return applyActivation(this.output.apply(h), outputActivation);
    });
  }
  /** Scales physical labels [B, L] to the network's input space. */
  scale(labels) {
    return tf38.tidy(() => {
      const centered = scaleLabels(labels, this.labels);
      return this.architecture.inputScaling === "unit" ? centered.add(0.5) : centered;
    });
  }
  /**
   * Labels [B, L] in physical units → normalized flux [B, M] on `wavelength.fixed`. Labels outside their
   * [min, max] throw a DomainError unless `{ extrapolate: true }`. `wavelength`, if given, must be the fixed grid.
   */
  predict(labels, wavelength, options = {}) {
    checkLabelTensor("PayneEmulator.predict", labels, this.labels, options);
    checkFixedGrid("PayneEmulator.predict", wavelength, this.wavelength.fixed);
    return tf38.tidy(() => this.forwardScaled(this.scale(labels)));
  }
  trainableVariables() {
    return this.parameters.variables();
  }
  parameterCount() {
    return this.parameters.count();
  }
  config() {
    const c = structuredClone(this.cfg);
    c.packageVersion = `${PACKAGE_NAME2}@${PACKAGE_VERSION2}`;
    return c;
  }
  weights() {
    return new Map(this.parameters.entries());
  }
  dispose() {
    this.parameters.dispose();
  }
};
function fromWeights2(weights, name) {
  return (shape) => {
    const w = weights.get(name);
    if (!w) throw new ShapeError2(`PayneEmulator: weights have no tensor '${name}' (expected shape [${shape.join(", ")}])`);
    if (w.shape.join() !== shape.join()) {
      throw new ShapeError2(`PayneEmulator: weight '${name}' has shape [${w.shape.join(", ")}]; expected [${shape.join(", ")}]`);
    }
    return w.toFloat().clone();
  };
}

// ../../packages/payne/src/payneKind.ts
var payneKind = {
  kind: "payne",
  parseConfig: parsePayneConfig,
  weightShapes: payneWeightShapes,
  build: (config, weights) => new PayneEmulator(config, weights)
};
registerEmulatorKind(payneKind);

// ../../packages/payne/src/createPayne.ts
init_src2();

// ../../packages/payne/src/paynePresets.ts
var PAYNE_PRESETS = {
  payne: { hidden: [128, 128], activation: "gelu", outputActivation: "sigmoid" },
  paper: { hidden: [128, 128], activation: "gelu", outputActivation: "sigmoid" },
  bigPayne: { hidden: [2048, 2048, 2048], activation: "gelu", outputActivation: "sigmoid" },
  small: { hidden: [32, 32], activation: "gelu", outputActivation: "sigmoid" }
};

// ../../packages/payne/src/createPayne.ts
function createPayne(options) {
  const preset = PAYNE_PRESETS[options.preset ?? "payne"];
  if (preset === void 0) {
    throw new ConfigError(`createPayne: preset must be one of ${Object.keys(PAYNE_PRESETS).join(", ")}; got '${String(options.preset)}'`);
  }
  const fixed = Array.from(options.wavelength ?? [], Number);
  const config = parsePayneConfig({
    kind: "payne",
    formatVersion: FORMAT_VERSION,
    labels: options.labels?.map((l) => ({ ...l })),
    wavelength: { min: fixed[0], max: fixed[fixed.length - 1], medium: options.medium ?? "unknown", fixed },
    architecture: {
      hidden: [...options.hidden ?? preset.hidden],
      activation: options.activation ?? preset.activation,
      outputActivation: options.outputActivation ?? preset.outputActivation,
      inputScaling: options.inputScaling ?? "centered",
      seed: options.seed ?? 0
    },
    ...options.training && { training: options.training }
  });
  return new PayneEmulator(config, options.weights);
}

// src/createModel.ts
var MODEL_NAMES = ["payne", "bigpayne", "conv", "transformer-payne"];
var PRESET_NAMES = ["small", "paper"];
function parseModelName(name, flag = "--model") {
  if (!MODEL_NAMES.includes(name)) {
    throw new ArgumentError(flag, `must be one of ${MODEL_NAMES.join(", ")}; got '${name}'`);
  }
  return name;
}
function parsePresetName(name) {
  if (!PRESET_NAMES.includes(name)) throw new ArgumentError("--preset", `must be one of ${PRESET_NAMES.join(", ")}; got '${name}'`);
  return name;
}
var SMALL_BIG_PAYNE = [128, 128, 128];
function createModel(model, preset, labels, wavelength, seed, training) {
  switch (model) {
    case "payne":
      return createPayne({ preset: preset === "paper" ? "payne" : "small", labels, wavelength, medium: "air", seed, training });
    case "bigpayne":
      return createPayne({ preset: "bigPayne", ...preset === "small" ? { hidden: SMALL_BIG_PAYNE } : {}, labels, wavelength, medium: "air", seed, training });
    case "conv":
      return createConvEmulator({ preset, labels, wavelength, medium: "air", seed, training });
    case "transformer-payne": {
      const wavelengthRange = { min: wavelength[0], max: wavelength[wavelength.length - 1], medium: "air" };
      return createTransformerPayne({ preset, labels, wavelengthRange, seed, training });
    }
  }
}

// src/runLogs.ts
import { appendFile, mkdir as mkdir3, readFile, writeFile as writeFile3 } from "node:fs/promises";
import { join as join2 } from "node:path";
var METRICS_FILE = "metrics.jsonl";
var LOSS_FILE = "loss.jsonl";
var RunLogs = class {
  constructor(dir) {
    this.dir = dir;
  }
  dir;
  pending = [];
  loss = [];
  validations = [];
  async start() {
    await mkdir3(this.dir, { recursive: true });
    await writeFile3(join2(this.dir, METRICS_FILE), "");
    await writeFile3(join2(this.dir, LOSS_FILE), "");
  }
  /** Keeps the logged lines with step ≤ `step` (resume) and loads them into memory. */
  async resumeAt(step) {
    for (const file of [METRICS_FILE, LOSS_FILE]) {
      const text = await readFile(join2(this.dir, file), "utf8").catch(() => "");
      const kept = text.split("\n").filter((l) => l.trim() !== "" && JSON.parse(l).step <= step);
      await writeFile3(join2(this.dir, file), kept.map((l) => `${l}
`).join(""));
      for (const l of kept) {
        const v = JSON.parse(l);
        if (file === LOSS_FILE) this.loss.push({ step: v.step, loss: v.loss });
        else this.validations.push({ step: v.step, mse: v.mse, mae: v.mae, maqe95: v.maqe95 });
      }
    }
  }
  step(step, loss, lr) {
    this.loss.push({ step, loss });
    this.pending.push(JSON.stringify({ step, loss, lr }));
  }
  async validation(step, m, improved) {
    this.validations.push({ step, mse: m.mse, mae: m.mae, maqe95: m.maqe95 });
    await this.flush();
    await appendFile(join2(this.dir, METRICS_FILE), `${JSON.stringify({ step, mse: m.mse, mae: m.mae, maqe95: m.maqe95, spectra: m.spectra, wavelengths: m.wavelengths, improved })}
`);
  }
  async flush() {
    if (this.pending.length === 0) return;
    const lines = this.pending.map((l) => `${l}
`).join("");
    this.pending = [];
    await appendFile(join2(this.dir, LOSS_FILE), lines);
  }
};

// src/trainRun.ts
async function trainRun(o) {
  const provenance = { data: o.data.description, steps: o.steps, batchSize: o.batch, seed: o.seed, app: "@astroemu/train-app" };
  let emulator;
  let origin;
  if (o.fineTuneFrom) {
    try {
      await access2(join3(o.fineTuneFrom, "config.json"));
    } catch {
      throw new ArgumentError("--fine-tune-from", `'${o.fineTuneFrom}' is not a model bundle folder (no config.json)`);
    }
    const base = await loadEmulator(o.fineTuneFrom);
    const missing = o.data.labelSpecs.filter((s) => !base.labels.some((l) => l.name === s.name));
    emulator = missing.length > 0 ? extendInputLabels(base, missing) : base;
    if (emulator !== base) base.dispose();
    origin = `fine-tuned from ${o.fineTuneFrom}${missing.length ? ` (input layer extended by ${missing.map((s) => s.name).join(", ")})` : ""}`;
  } else {
    emulator = createModel(o.model, o.preset, o.data.labelSpecs, o.data.wavelength, o.seed, provenance);
    origin = `${o.model} '${o.preset}' preset, random initialisation (seed ${o.seed})`;
  }
  const lora = o.loraRank ? attachLoRA(emulator, { rank: o.loraRank, seed: o.seed }) : void 0;
  if (lora) origin += `, LoRA rank ${o.loraRank} on ${lora.targets.length} matrices`;
  const logs = new RunLogs(o.out);
  if (!o.resume) await logs.start();
  const bar = progressBar(o.io, o.label);
  const t0 = performance.now();
  let result;
  try {
    result = await trainEmulator(emulator, {
      train: o.data.train,
      validation: o.data.validation,
      steps: o.steps,
      batchSize: o.batch,
      wavelengthsPerSpectrum: o.wavelengthsPerStep,
      learningRate: o.learningRate,
      seed: o.seed,
      validateEvery: o.validateEvery,
      checkpointDir: o.out,
      checkpointEvery: o.validateEvery,
      resume: o.resume ?? false,
      restoreBest: "mae",
      ...lora ? { lora } : {},
      onProgress: async (e) => {
        if (e.type === "resume") await logs.resumeAt(e.step);
        if (e.type === "step") logs.step(e.step, e.loss, e.learningRate);
        if (e.type === "validation") await logs.validation(e.step, e.metrics, e.improved);
        bar.onEvent(e);
      }
    });
  } finally {
    bar.stop();
    await logs.flush();
  }
  const bundle = join3(o.out, "best-mae");
  if (lora) {
    lora.merge();
    await saveEmulator(bundle, emulator, { overwrite: true });
  }
  return { emulator, result, logs, seconds: (performance.now() - t0) / 1e3, bundle, origin };
}

// src/demoCommand.ts
async function demoCommand(o, io, command) {
  const t0 = performance.now();
  const backend = await initBackend({ backend: o.backend });
  const synth = { R: o.R, lambdaMin: o.lambdaMin, lambdaMax: o.lambdaMax, seed: o.seed };
  const data = await loadTrainingData("synth:train", o.nTrain, o.nVal, synth);
  io.err(`backend ${backend}; ${data.description}`);
  const common = { preset: "small", data, steps: o.steps, batch: 16, seed: o.seed, validateEvery: Math.max(1, Math.floor(o.steps / 5)), io };
  const models = [];
  for (const [model, name, lr] of [
    ["transformer-payne", "TransformerPayne", 3e-3],
    ["payne", "Payne", 3e-3]
  ]) {
    const run = await trainRun({ ...common, model, label: name, out: join4(o.out, model), learningRate: lr, wavelengthsPerStep: 64 });
    const evaluation = await evaluateForReport(run.emulator, data.validation);
    io.err(`${name}: validation MSE ${sci(evaluation.metrics.mse)} MAE ${sci(evaluation.metrics.mae)} MAQE0.95 ${sci(evaluation.metrics.maqe95)} (${formatSeconds(run.seconds)})`);
    models.push({ name, run, evaluation });
  }
  const sections = [];
  if (o.nFit > 0) {
    const validationGrid = makeGrid({ kind: "validation", n: o.nVal + o.nFit, seed: o.seed, R: o.R, lambdaMin: o.lambdaMin, lambdaMax: o.lambdaMax });
    const rows = Array.from({ length: o.nFit }, (_, i) => o.nVal + i);
    const fit = await fitHeldOut(models.map((m) => ({ name: m.name, emulator: m.run.emulator })), validationGrid, rows);
    sections.push(fit.markdown);
    io.err(fit.line);
  }
  const seconds = (performance.now() - t0) / 1e3;
  sections.push(`## Run

Wall time of the demo: ${formatSeconds(seconds)} (backend ${backend}, ${o.steps} steps per model).
`);
  const report2 = await writeReport({ out: o.out, title: "astroemu demo: TransformerPayne vs The Payne on a synthetic grid", data, models, sections, command });
  for (const m of models) {
    const x = m.evaluation.metrics;
    io.out(`${m.name}: MSE ${sci(x.mse)}  MAE ${sci(x.mae)}  MAQE0.95 ${sci(x.maqe95)}`);
    m.run.emulator.dispose();
  }
  io.out(`demo finished in ${formatSeconds((performance.now() - t0) / 1e3)}`);
  io.out(`report: ${report2}`);
  return report2;
}

// src/parseArgs.ts
function intArg(flag, min = 1) {
  return (value) => {
    const n = Number(value);
    if (!(Number.isInteger(n) && n >= min)) throw new ArgumentError(flag, `must be an integer \u2265 ${min}; got '${value}'`);
    return n;
  };
}
function numberArg(flag, positive2 = true) {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || positive2 && n <= 0) throw new ArgumentError(flag, `must be a ${positive2 ? "positive " : ""}number; got '${value}'`);
    return n;
  };
}
function listArg(flag, parse2 = (s) => s) {
  return (value) => {
    const items = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (items.length === 0) throw new ArgumentError(flag, `must be a comma-separated list; got '${value}'`);
    items.forEach(parse2);
    return items;
  };
}
function backendArg(value) {
  if (!isBackendName(value)) throw new ArgumentError("--backend", `must be one of ${BACKEND_NAMES.join(", ")}; got '${value}'`);
  return value;
}

// src/scalingCommand.ts
import { mkdir as mkdir4, writeFile as writeFile4 } from "node:fs/promises";
import { join as join5 } from "node:path";
var LEARNING_RATE = { payne: 3e-3, bigpayne: 1e-3, conv: 1e-3, "transformer-payne": 3e-3 };
async function scalingCommand(o, io, command) {
  const models = o.models.map((m) => parseModelName(m, "--models"));
  const sizes = o.sizes.map(Number).sort((a, b) => a - b);
  const t0 = performance.now();
  const backend = await initBackend({ backend: o.backend });
  const synth = { R: o.R, lambdaMin: o.lambdaMin, lambdaMax: o.lambdaMax, seed: o.seed };
  const full = await loadTrainingData("synth:train", sizes[sizes.length - 1], o.nVal, synth);
  const pre = o.pretrainSteps > 0 ? await loadTrainingData("synth:pretrain", o.pretrainSize, o.nVal, synth) : void 0;
  io.err(`backend ${backend}; ${full.description}`);
  await mkdir4(o.out, { recursive: true });
  const rows = [];
  const common = { preset: "small", batch: o.batch, seed: o.seed, io };
  const record = async (row) => {
    rows.push(row);
    await writeFile4(join5(o.out, "results.jsonl"), rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    io.err(`${row.model} ${row.variant} n=${row.size}: MSE ${sci(row.mse)} MAE ${sci(row.mae)} MAQE0.95 ${sci(row.maqe95)} (${formatSeconds(row.seconds)})`);
  };
  const failures = [];
  for (const model of models) {
    try {
      await runModel(model);
    } catch (e) {
      const why = e.message.split("\n")[0];
      failures.push(`- **${model}** failed: ${why}`);
      io.err(`${model} failed: ${why}`);
    }
  }
  async function runModel(model) {
    let pretrained;
    if (pre) {
      const run = await trainRun({ ...common, model, data: pre, out: join5(o.out, model, "pretrain"), steps: o.pretrainSteps, validateEvery: Math.max(1, Math.floor(o.pretrainSteps / 5)), learningRate: LEARNING_RATE[model], wavelengthsPerStep: 64, label: `${model} pretrain` });
      pretrained = run.bundle;
      run.emulator.dispose();
    }
    for (const size of sizes) {
      const data = { ...full, train: subsetSource(full.train, Array.from({ length: size }, (_, i) => i)) };
      for (const variant of pretrained ? ["from scratch", "fine-tuned"] : ["from scratch"]) {
        const run = await trainRun({
          ...common,
          model,
          data,
          out: join5(o.out, model, `${variant === "fine-tuned" ? "finetune" : "scratch"}-${size}`),
          steps: o.steps,
          validateEvery: Math.max(1, Math.floor(o.steps / 5)),
          learningRate: LEARNING_RATE[model],
          wavelengthsPerStep: 64,
          ...variant === "fine-tuned" ? { fineTuneFrom: pretrained } : {},
          label: `${model} ${variant} n=${size}`
        });
        const m = await evaluateEmulator(run.emulator, full.validation);
        run.emulator.dispose();
        await record({ model, variant, size, mse: m.mse, mae: m.mae, maqe95: m.maqe95, seconds: run.seconds });
      }
    }
  }
  if (rows.length === 0) throw new Error(`every model failed:
${failures.join("\n")}`);
  const points = rows.flatMap(
    (r) => ["mse", "mae", "maqe95"].map((metric) => ({ model: r.model, size: r.size, value: r[metric], metric: metric === "maqe95" ? "MAQE0.95" : metric.toUpperCase(), variant: r.variant }))
  );
  const plot = await writePlot(join5(o.out, "scaling"), scalingPlot({ points, title: "Validation metrics vs training-set size (small presets, equal steps)" }));
  const seconds = (performance.now() - t0) / 1e3;
  const md = [
    "# Scaling experiment (paper Fig. 5, CPU scale)",
    "",
    `Command: \`${command}\``,
    "",
    `Data: ${full.description}. ${pre ? `Pre-training: ${pre.description}, ${o.pretrainSteps} steps per model.` : "No pre-training."} ${o.steps} steps per run, batch ${o.batch}, backend ${backend}. Wall time ${formatSeconds(seconds)}.`,
    "",
    "| model | training | n | MSE | MAE | MAQE0.95 | train time |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.model} | ${r.variant} | ${r.size} | ${sci(r.mse)} | ${sci(r.mae)} | ${sci(r.maqe95)} | ${formatSeconds(r.seconds)} |`),
    "",
    `![scaling](scaling.png) ([SVG](scaling.svg))`,
    "",
    ...failures.length ? ["## Failures", "", ...failures, ""] : []
  ].join("\n");
  const path = join5(o.out, "results.md");
  await writeFile4(path, md);
  io.out(`scaling experiment finished in ${formatSeconds(seconds)}: ${path}, ${plot.png}`);
  return path;
}

// src/trainCommand.ts
async function trainCommand(o, io, command) {
  const model = parseModelName(o.model);
  const preset = parsePresetName(o.preset);
  const out = o.out ?? `runs/${model}-${preset}`;
  const data = await loadTrainingData(o.grid, o.nTrain, o.nVal, { R: o.R, lambdaMin: o.lambdaMin, lambdaMax: o.lambdaMax, seed: o.seed });
  const backend = await initBackend({ backend: o.backend });
  io.err(`backend ${backend}; ${data.description}`);
  const run = await trainRun({
    model,
    preset,
    data,
    out,
    steps: o.steps,
    batch: o.batch,
    seed: o.seed,
    validateEvery: o.validateEvery ?? Math.max(1, Math.floor(o.steps / 10)),
    learningRate: o.lr,
    wavelengthsPerStep: o.wavelengthsPerStep,
    ...o.resume ? { resume: true } : {},
    ...o.fineTuneFrom ? { fineTuneFrom: o.fineTuneFrom } : {},
    ...o.loraRank ? { loraRank: o.loraRank } : {},
    label: model,
    io
  });
  const evaluation = await evaluateForReport(run.emulator, data.validation);
  const report2 = await writeReport({ out, title: `astroemu-train: ${model} (${preset})`, data, models: [{ name: model, run, evaluation }], command });
  const m = evaluation.metrics;
  io.out(`validation: MSE ${sci(m.mse)}  MAE ${sci(m.mae)}  MAQE0.95 ${sci(m.maqe95)}`);
  io.out(`best bundle: ${run.bundle}`);
  io.out(`report: ${report2}`);
  run.emulator.dispose();
  return report2;
}

// src/main.ts
var defaultIo = { out: (l) => process.stdout.write(`${l}
`), err: (l) => process.stderr.write(`${l}
`) };
function synthOptions(cmd, range = [5e3, 5100]) {
  return cmd.option("--R <n>", "resolving power of synth: grids", numberArg("--R"), 2e4).option("--lambda-min <A>", "synth: grid start (\xC5)", numberArg("--lambda-min"), range[0]).option("--lambda-max <A>", "synth: grid end (\xC5)", numberArg("--lambda-max"), range[1]).addOption(new Option("--backend <name>", "TensorFlow.js backend").argParser(backendArg).default("wasm")).option("--seed <n>", "seed of data, initialisation and batches", intArg("--seed", 0), 0);
}
async function main(argv, io = defaultIo) {
  const program = new Command("astroemu-train").description("Train astroemu spectrum emulators; write bundles, metrics.jsonl and a report with figures.").exitOverride().configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const line = `astroemu-train ${argv.join(" ")}`;
  synthOptions(
    program.command("train", { isDefault: true }).description("train one emulator (the default command)").option("--model <name>", "payne | bigpayne | conv | transformer-payne", "transformer-payne").option("--preset <name>", "small | paper", "small").option("--grid <path|synth:train>", "grid file (.parquet/.arrow) or synth:train / synth:pretrain", "synth:train").option("--n-train <n>", "training spectra (default: all of a file; 1000 for synth)", intArg("--n-train")).option("--n-val <n>", "validation spectra", intArg("--n-val"), 64).option("--steps <n>", "training steps", intArg("--steps"), 2e3).option("--batch <n>", "spectra per step", intArg("--batch"), 16).option("--out <dir>", "output folder (default runs/<model>-<preset>)").option("--resume", "continue from the checkpoint in --out").option("--fine-tune-from <bundle>", "start from this bundle (new labels are appended to its input layer)").option("--lora-rank <r>", "train LoRA adapters of rank r only", intArg("--lora-rank")).option("--validate-every <n>", "validate (and checkpoint) every n steps (default steps/10)", intArg("--validate-every")).option("--lr <x>", "peak learning rate (warm-up 10 %, cosine decay)", numberArg("--lr"), 1e-3).option("--wavelengths-per-step <k>", "TransformerPayne: wavelengths drawn per step", intArg("--wavelengths-per-step"), 64)
  ).action(async (opts) => {
    await trainCommand(opts, io, line);
  });
  synthOptions(
    program.command("demo").description("offline end-to-end demo: synthetic grid \u2192 TransformerPayne and Payne \u2192 evaluation \u2192 label fits \u2192 runs/demo/report.md").option("--out <dir>", "output folder", "runs/demo").option("--steps <n>", "training steps per model", intArg("--steps"), 800).option("--n-train <n>", "training spectra", intArg("--n-train"), 1e3).option("--n-val <n>", "validation spectra", intArg("--n-val"), 64).option("--n-fit <n>", "held-out noisy spectra to fit (0: none)", intArg("--n-fit", 0), 4)
  ).action(async (opts) => {
    await demoCommand(opts, io, line);
  });
  const experiment = program.command("experiment").description("paper experiments at CPU scale");
  synthOptions(
    experiment.command("scaling").description("metrics vs training-set size per model, from scratch and fine-tuned from pre-training (paper Fig. 5)").option("--models <list>", "comma-separated models", listArg("--models"), ["payne", "bigpayne", "conv", "transformer-payne"]).option("--sizes <list>", "comma-separated training-set sizes", listArg("--sizes", intArg("--sizes")), ["100", "300", "1000", "3000", "10000"]).option("--steps <n>", "steps per run (equal for every model)", intArg("--steps"), 800).option("--pretrain-steps <n>", "steps of the pre-training run per model (0: no fine-tuning variant)", intArg("--pretrain-steps", 0), 1e3).option("--pretrain-size <n>", "pre-training spectra", intArg("--pretrain-size"), 3e3).option("--n-val <n>", "validation spectra", intArg("--n-val"), 128).option("--batch <n>", "spectra per step", intArg("--batch"), 16).option("--out <dir>", "output folder", "runs/scaling")
  ).action(async (opts) => {
    await scalingCommand(opts, io, line);
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof ArgumentError) {
      io.err(`astroemu-train: ${e.message}`);
      return 2;
    }
    io.err(`astroemu-train: ${e.stack ?? String(e)}`);
    return 1;
  }
}

// src/cli.ts
process.exitCode = await main(process.argv.slice(2));
