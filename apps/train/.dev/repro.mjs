// .dev/repro.ts
import * as tf18 from "@tensorflow/tfjs";

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
    const { dirname, join } = await importOptional("node:path");
    const require2 = createRequire(import.meta.url);
    const dir = join(dirname(require2.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + "/";
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

// ../../packages/emulator-core/src/errors.ts
var AstroemuError = class extends Error {
  constructor(message) {
    super(message);
    this.name = new.target.name;
  }
};
var ConfigError = class extends AstroemuError {
  /** One line per problem, e.g. "architecture.hidden: expected number, got string". */
  issues;
  constructor(message, issues = []) {
    super(message);
    this.issues = issues;
  }
};
var ShapeError = class extends AstroemuError {
};
var DomainError = class extends AstroemuError {
};

// ../../packages/emulator-core/src/labelSpec.ts
function validateLabelSpecs(specs, who = "validateLabelSpecs") {
  if (!Array.isArray(specs) || specs.length === 0) {
    throw new DomainError(`${who}: label specs must be a non-empty array; got ${Array.isArray(specs) ? "an empty array" : typeof specs}`);
  }
  const seen = /* @__PURE__ */ new Set();
  specs.forEach((s, i) => {
    if (typeof s?.name !== "string" || s.name.length === 0) {
      throw new DomainError(`${who}: label ${i} must have a non-empty string name; got ${JSON.stringify(s?.name)}`);
    }
    if (seen.has(s.name)) throw new DomainError(`${who}: label name '${s.name}' appears twice (label ${i})`);
    seen.add(s.name);
    if (!Number.isFinite(s.min) || !Number.isFinite(s.max)) {
      throw new DomainError(`${who}: label '${s.name}' must have finite min and max; got min=${s.min}, max=${s.max}`);
    }
    if (!(s.max > s.min)) {
      throw new DomainError(`${who}: label '${s.name}' must have max > min; got min=${s.min}, max=${s.max}`);
    }
  });
}

// ../../packages/emulator-core/src/scaleLabels.ts
import * as tf2 from "@tensorflow/tfjs";
function scaleLabels(labels, specs) {
  return applyScaling("scaleLabels", labels, specs, false);
}
function applyScaling(who, x, specs, inverse) {
  validateLabelSpecs(specs, who);
  const L = specs.length;
  if (x instanceof Float32Array) {
    if (x.length % L !== 0) {
      throw new ShapeError(`${who}: Float32Array of length ${x.length} is not a multiple of the ${L} labels (expected B \xD7 ${L} values, row-major)`);
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
  if (!(x instanceof tf2.Tensor) || x.rank !== 2 || x.shape[1] !== L) {
    const got = x instanceof tf2.Tensor ? `shape [${x.shape.join(", ")}]` : typeof x;
    throw new ShapeError(`${who}: labels must be a Float32Array or a tensor of shape [B, ${L}]; got ${got}`);
  }
  return tf2.tidy(() => {
    const min = tf2.tensor1d(specs.map((s) => s.min), "float32");
    const range = tf2.tensor1d(specs.map((s) => s.max - s.min), "float32");
    const xf = x.toFloat();
    return inverse ? xf.add(0.5).mul(range).add(min) : xf.sub(min).div(range).sub(0.5);
  });
}

// ../../packages/emulator-core/src/domainChecks.ts
import * as tf3 from "@tensorflow/tfjs";
function report(message, opts) {
  if (opts.extrapolate !== true) throw new DomainError(`${message} (pass { extrapolate: true } to predict anyway)`);
  (opts.warn ?? console.warn)(`${message}; extrapolating`);
}
function checkLabelDomain(who, values, specs, opts = {}) {
  const L = specs.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const spec = specs[i % L];
    const row = Math.floor(i / L);
    if (!Number.isFinite(v)) {
      throw new DomainError(`Argument 'labels' passed to '${who}' must be finite; label '${spec.name}' of spectrum ${row} is ${v}`);
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
function checkWavelengthDomain(who, grid, domain, opts = {}) {
  if (grid.length === 0) throw new DomainError(`Argument 'wavelength' passed to '${who}' must hold at least one wavelength; got 0`);
  let outside = -1;
  for (let i = 0; i < grid.length; i++) {
    const w = grid[i];
    if (!Number.isFinite(w) || w <= 0) {
      throw new DomainError(`Argument 'wavelength' passed to '${who}' must be finite and > 0 (Angstrom); element ${i} is ${w}`);
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

// ../../packages/emulator-core/src/emulatorConfigSchema.ts
import { z } from "zod";
var FORMAT_VERSION = "1.0";
var FORMAT_MAJOR = 1;
function parseFormatVersion(v) {
  if (typeof v !== "string") return void 0;
  const m = /^(\d+)\.(\d+)$/.exec(v);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : void 0;
}
var labelSpecSchema = z.strictObject({
  name: z.string().min(1),
  unit: z.string().optional(),
  min: z.number(),
  max: z.number()
}).refine((s) => s.max > s.min, { message: "max must be greater than min" });
var wavelengthDomainSchema = z.strictObject({
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
var formatVersionSchema = z.string().default(FORMAT_VERSION).refine((v) => parseFormatVersion(v) !== void 0, { message: 'must look like "MAJOR.MINOR", e.g. "1.0"' }).refine((v) => (parseFormatVersion(v)?.major ?? 0) <= FORMAT_MAJOR, {
  message: `is newer than this reader supports (${FORMAT_MAJOR}.x); upgrade @astroemu/emulator-core`
});
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
var anyEmulatorConfigSchema = z.strictObject({
  kind: z.string().min(1),
  formatVersion: formatVersionSchema,
  packageVersion: z.string().optional(),
  labels: z.array(labelSpecSchema).min(1),
  wavelength: wavelengthDomainSchema,
  architecture: z.record(z.string(), z.unknown()),
  training: z.record(z.string(), z.unknown()).optional()
});
function parseConfigWith(schema, json, who) {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.length ? i.path.map(String).join(".") : "(root)"}: ${i.message}`);
  throw new ConfigError(`${who} config is invalid: ${issues.join("; ")}`, issues);
}

// ../../packages/emulator-core/src/registry.ts
var REGISTRY_KEY = /* @__PURE__ */ Symbol.for("@astroemu/emulator-core/registry");
var registry = globalThis[REGISTRY_KEY] ??= /* @__PURE__ */ new Map();
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

// ../../packages/transformer-payne/src/transformerPayne.ts
import * as tf16 from "@tensorflow/tfjs";

// ../../packages/attention/src/Parameters.ts
import * as tf5 from "@tensorflow/tfjs";

// ../../packages/attention/src/errors.ts
var ShapeError2 = class extends Error {
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
import * as tf4 from "@tensorflow/tfjs";
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
    if (distribution === "truncatedNormal") return tf4.truncatedNormal(s, 0, Math.sqrt(variance) / TRUNCATED_STD, "float32", seed);
    if (distribution === "normal") return tf4.randomNormal(s, 0, Math.sqrt(variance), "float32", seed);
    const limit = Math.sqrt(3 * variance);
    return tf4.randomUniform(s, -limit, limit, "float32", seed);
  };
}
function glorotNormal() {
  return varianceScaling({ scale: 1, mode: "fanAvg", distribution: "truncatedNormal" });
}
function lecunNormal() {
  return varianceScaling({ scale: 1, mode: "fanIn", distribution: "truncatedNormal" });
}
function zeros2() {
  return (shape) => tf4.zeros([...shape], "float32");
}
function ones2() {
  return (shape) => tf4.ones([...shape], "float32");
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
      throw new ShapeError2(`Parameters.create: shape of '${name}' must be positive integers; got ${formatShape(shape)}`);
    }
    const seed = (hashName(name) ^ this.seed >>> 0) >>> 0;
    const variable2 = tf5.tidy(() => {
      const value = init(shape, seed);
      if (value.shape.join() !== shape.join()) {
        throw new ShapeError2(
          `Parameters.create: initializer of '${name}' returned shape ${formatShape(value.shape)}; expected ${formatShape(shape)}`
        );
      }
      return tf5.variable(value.toFloat(), true, `${this.namespace}/${name}`);
    });
    this.vars.set(name, variable2);
    return variable2;
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
    if (values instanceof tf5.Tensor) {
      if (values.shape.join() !== v.shape.join()) {
        throw new ShapeError2(
          `Parameters.assign: '${name}' has shape ${formatShape(v.shape)}; got values of shape ${formatShape(values.shape)}`
        );
      }
      tf5.tidy(() => v.assign(values.toFloat()));
      return;
    }
    if (values.length !== v.size) {
      throw new ShapeError2(
        `Parameters.assign: '${name}' has shape ${formatShape(v.shape)} (${v.size} values); got ${values.length} values`
      );
    }
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        throw new ParameterError(`Parameters.assign: values of '${name}' must be finite; element ${i} is ${values[i]}`, name);
      }
    }
    tf5.tidy(() => v.assign(tf5.tensor(Float32Array.from(values), v.shape, "float32")));
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
        throw new ShapeError2(`Parameters.load: '${name}' has shape ${formatShape(v.shape)}; got ${formatShape(shape)}`);
      }
      const size = shape.reduce((a, b) => a * b, 1);
      if (values.length !== size) {
        throw new ShapeError2(`Parameters.load: '${name}' of shape ${formatShape(shape)} needs ${size} values; got ${values.length}`);
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
import * as tf6 from "@tensorflow/tfjs";
function transposeLast2(x) {
  const r = x.rank;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf6.transpose(x, perm);
}
var matMulWithPlainGrad = tf6.customGrad(((a, b, save) => {
  save([a, b]);
  return {
    value: tf6.matMul(a, b),
    // dA = dY · Bᵀ, dB = Aᵀ · dY with explicit transposes: on wasm, matMul(transposeA/B) is 10–60× slower.
    gradFunc: (dy, saved) => {
      const [sa, sb] = saved;
      return [tf6.matMul(dy, transposeLast2(sb)), tf6.matMul(transposeLast2(sa), dy)];
    }
  };
}));
function matMul2(a, b) {
  if (a.rank < 2 || a.rank !== b.rank) {
    throw new ShapeError2(`matMul: operands must have the same rank \u2265 2; got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const r = a.rank;
  if (a.shape[r - 1] !== b.shape[r - 2] || a.shape.slice(0, r - 2).join() !== b.shape.slice(0, r - 2).join()) {
    throw new ShapeError2(
      `matMul: expected a [..., n, k] and b [..., k, m] with equal leading axes; got ${formatShape(a.shape)} and ${formatShape(b.shape)}`
    );
  }
  return matMulWithPlainGrad(a, b);
}
var matMulBiasWithPlainGrad = tf6.customGrad(((a, b, bias, save) => {
  save([a, b]);
  return {
    // bias fused into the product (one pass less over the output on wasm and cpu)
    value: tf6.fused.matMul({ a, b, bias }),
    gradFunc: (dy, saved) => {
      const [sa, sb] = saved;
      const rows = dy.reshape([-1, dy.shape[dy.rank - 1]]);
      return [tf6.matMul(dy, transposeLast2(sb)), tf6.matMul(transposeLast2(sa), dy), tf6.sum(rows, 0)];
    }
  };
}));
function matMulBias(a, b, bias) {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[0] || bias.rank !== 1 || bias.shape[0] !== b.shape[1]) {
    throw new ShapeError2(
      `matMulBias: expected a [n, k], b [k, m] and bias [m]; got ${formatShape(a.shape)}, ${formatShape(b.shape)} and ${formatShape(bias.shape)}`
    );
  }
  return matMulBiasWithPlainGrad(a, b, bias);
}

// ../../packages/attention/src/dense.ts
import * as tf7 from "@tensorflow/tfjs";
function dense(x, p) {
  return tf7.tidy(() => {
    const kernel = p.kernel;
    const bias = p.bias;
    const [inDim, outDim] = kernel.shape;
    if (kernel.rank !== 2 || x.shape[x.rank - 1] !== inDim) {
      throw new ShapeError2(
        `dense: expected x [..., ${kernel.shape[0]}] and kernel [in, out]; got x ${formatShape(x.shape)} and kernel ${formatShape(kernel.shape)}`
      );
    }
    if (bias !== void 0 && (bias.rank !== 1 || bias.shape[0] !== outDim)) {
      throw new ShapeError2(`dense: expected bias [${outDim}]; got ${formatShape(bias.shape)}`);
    }
    const lead = x.shape.slice(0, -1);
    const flat = x.reshape([-1, inDim]);
    const y = bias === void 0 ? matMul2(flat, kernel) : matMulBias(flat, kernel, bias);
    return y.reshape([...lead, outDim]);
  });
}

// ../../packages/attention/src/layerNorm.ts
import * as tf8 from "@tensorflow/tfjs";
var LAYER_NORM_EPSILON = 1e-6;
function layerNorm(x, p = {}, epsilon = LAYER_NORM_EPSILON) {
  const dim = x.shape[x.rank - 1];
  for (const [field, t] of [["scale", p.scale], ["bias", p.bias]]) {
    if (t !== void 0 && (t.rank !== 1 || t.shape[0] !== dim)) {
      throw new ShapeError2(`layerNorm: expected ${field} [${dim}] for x ${formatShape(x.shape)}; got ${formatShape(t.shape)}`);
    }
  }
  return tf8.tidy(() => {
    const axis = x.rank - 1;
    const mean2 = tf8.mean(x, axis, true);
    const centred = tf8.sub(x, mean2);
    const variance = tf8.mean(tf8.square(centred), axis, true);
    let y = tf8.mul(centred, tf8.rsqrt(tf8.add(variance, epsilon)));
    if (p.scale !== void 0) y = tf8.mul(y, p.scale);
    if (p.bias !== void 0) y = tf8.add(y, p.bias);
    return y;
  });
}

// ../../packages/attention/src/gelu.ts
import * as tf9 from "@tensorflow/tfjs";
function geluExact(x) {
  return tf9.tidy(() => tf9.mul(tf9.mul(x, 0.5), tf9.add(1, tf9.erf(tf9.mul(x, Math.SQRT1_2)))));
}
var GELU_TANH_C1 = 2 * Math.sqrt(2 / Math.PI);
var GELU_TANH_C3 = GELU_TANH_C1 * 0.044715;
function geluTanh(x) {
  return tf9.tidy(() => tf9.mul(x, tf9.sigmoid(tf9.mul(x, tf9.add(tf9.mul(tf9.square(x), GELU_TANH_C3), GELU_TANH_C1)))));
}

// ../../packages/attention/src/activation.ts
import * as tf10 from "@tensorflow/tfjs";
var ACTIVATIONS = ["gelu", "gelu_tanh", "relu", "sigmoid", "tanh", "linear"];
function activate(x, name) {
  switch (name) {
    case "gelu":
      return geluExact(x);
    case "gelu_tanh":
      return geluTanh(x);
    case "relu":
      return tf10.relu(x);
    case "sigmoid":
      return tf10.sigmoid(x);
    case "tanh":
      return tf10.tanh(x);
    case "linear":
      return tf10.clone(x);
    default:
      throw new ParameterError(`activate: activation must be one of ${ACTIVATIONS.join(", ")}; got '${String(name)}'`);
  }
}

// ../../packages/attention/src/softmaxAttention.ts
import * as tf11 from "@tensorflow/tfjs";
var MASK_VALUE = -1e9;
function keyPaddingBias(mask, batch, keys) {
  if (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== keys) {
    throw new ShapeError2(`keyPaddingBias: expected mask [${batch}, ${keys}] (batch, keys); got ${formatShape(mask.shape)}`);
  }
  return tf11.tidy(
    () => tf11.mul(tf11.sub(1, tf11.cast(mask, "float32")), MASK_VALUE).reshape([batch, 1, 1, keys])
  );
}
function attendTransposed(q, kT, v, scale, bias) {
  return tf11.tidy(() => {
    let scores = matMul2(tf11.mul(q, scale), kT);
    if (bias !== void 0) scores = tf11.add(scores, bias);
    const attentionWeights = tf11.softmax(scores, -1);
    return { output: matMul2(attentionWeights, v), attentionWeights };
  });
}

// ../../packages/attention/src/multiHeadAttention.ts
import * as tf12 from "@tensorflow/tfjs";
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
  tf12.tidy(() => {
    shape = p.kernel.shape;
  });
  return shape;
}
function projectKeyValues(p, tokens, opts) {
  const inner = kernelShape(p.key)[1];
  if (tokens.rank !== 3) {
    throw new ShapeError2(`projectKeyValues: expected tokens [B, T, d]; got ${formatShape(tokens.shape)}`);
  }
  if (!Number.isInteger(opts.heads) || opts.heads < 1 || inner % opts.heads !== 0) {
    throw new ShapeError2(`projectKeyValues: heads must divide the projection width ${inner}; got heads = ${opts.heads}`);
  }
  const [b, t] = tokens.shape;
  return tf12.tidy(() => {
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
    throw new ShapeError2(`attendWithKeyValues: expected queries [${b}, Q, d] (batch of the keys); got ${formatShape(q.shape)}`);
  }
  const queryShape = kernelShape(p.query);
  if (queryShape[1] !== heads * dh) {
    throw new ShapeError2(
      `attendWithKeyValues: query kernel ${formatShape(queryShape)} does not project to ${heads} heads \xD7 ${dh} = ${heads * dh}`
    );
  }
  const scale = opts.scale ?? 1 / Math.sqrt(dh);
  return tf12.tidy(() => {
    const qh = splitHeads(dense(q, p.query), heads);
    const { output, attentionWeights } = attendTransposed(qh, keyValues.kT, keyValues.v, scale, keyValues.maskBias);
    const merged = output.transpose([0, 2, 1, 3]).reshape([b, q.shape[1], heads * dh]);
    return { output: dense(merged, p.output), attentionWeights };
  });
}
function multiHeadAttention(p, q, kv, opts) {
  return tf12.tidy(() => {
    const keyValues = projectKeyValues(p, kv, opts);
    return attendWithKeyValues(p, q, keyValues, opts);
  });
}

// ../../packages/attention/src/feedForward.ts
import * as tf13 from "@tensorflow/tfjs";
function feedForward(x, p, opts = {}) {
  return tf13.tidy(() => dense(activate(dense(x, p.hidden), opts.activation ?? "gelu"), p.output));
}

// ../../packages/attention/src/resiDual.ts
import * as tf14 from "@tensorflow/tfjs";
function resiDualInit(x) {
  return { xPre: x, xPost: x };
}
function resiDualKeyValues(p, tokens, opts) {
  return tf14.tidy(() => {
    const normed = p.kvNorm === void 0 ? tokens : layerNorm(tokens, p.kvNorm, opts.epsilon ?? LAYER_NORM_EPSILON);
    return projectKeyValues(p.attention, normed, opts);
  });
}
function resiDualBlock(p, state, keyValues, opts) {
  if (state.xPre.shape.join() !== state.xPost.shape.join()) {
    throw new ShapeError2(
      `resiDualBlock: xPre and xPost must have the same shape; got ${formatShape(state.xPre.shape)} and ${formatShape(state.xPost.shape)}`
    );
  }
  const eps = opts.epsilon ?? LAYER_NORM_EPSILON;
  return tf14.tidy(() => {
    const { output, attentionWeights } = attendWithKeyValues(p.attention, state.xPost, keyValues, opts);
    const s1 = tf14.add(state.xPost, output);
    const xPre1 = tf14.add(state.xPre, s1);
    const xPost1 = layerNorm(s1, p.attentionNorm, eps);
    const s2 = tf14.add(xPost1, feedForward(xPost1, p.feedForward, opts));
    const xPre = tf14.add(xPre1, s2);
    const xPost = layerNorm(s2, p.feedForwardNorm, eps);
    return { state: { xPre, xPost }, attentionWeights };
  });
}
function resiDualOutput(state, norm, epsilon = LAYER_NORM_EPSILON) {
  return tf14.tidy(() => tf14.add(layerNorm(state.xPre, norm, epsilon), state.xPost));
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

// ../../packages/transformer-payne/src/foldedAttention.ts
import * as tf15 from "@tensorflow/tfjs";
function headMask(heads, rowsPerHead, colsPerHead) {
  const rows = heads * rowsPerHead;
  const cols = heads * colsPerHead;
  const m = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const h = Math.floor(r / rowsPerHead);
    m.fill(1, r * cols + h * colsPerHead, r * cols + (h + 1) * colsPerHead);
  }
  return tf15.tensor2d(m, [rows, cols]);
}
function foldAttention(p, kv, scale) {
  const [B, H, Dh, T] = kv.kT.shape;
  const d = H * Dh;
  const folded = tf15.tidy(() => {
    const mask = headMask(H, Dh, T);
    const kHat = tf15.mul(tf15.tile(kv.kT.reshape([B, d, T]), [1, 1, H]), mask);
    const vHat = tf15.mul(tf15.tile(kv.v.reshape([B, H * T, Dh]), [1, 1, H]), mask.transpose());
    const q = p.attention.query;
    const o = p.attention.output;
    const wq = tf15.broadcastTo(tf15.mul(q.kernel, scale), [B, d, d]);
    const a = matMul2(wq, kHat);
    const c = q.bias === void 0 ? tf15.zeros([B, 1, H * T]) : matMul2(tf15.broadcastTo(tf15.mul(q.bias, scale).reshape([1, 1, d]), [B, 1, d]), kHat);
    const vw = matMul2(vHat, tf15.broadcastTo(o.kernel, [B, d, d]));
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
  const softmaxPerHead = (scores) => tf15.softmax(scores.reshape([-1, f.tokens]), -1).reshape([B, Q, HT]);
  const bOut = p.attention.output.bias;
  if (B === 1) {
    const scores = dense(x.reshape([Q, d]), { kernel: f.a.reshape([d, HT]), bias: f.c.reshape([HT]) });
    const weights2 = softmaxPerHead(scores);
    const out2 = dense(weights2.reshape([Q, HT]), { kernel: f.vw.reshape([HT, d]), ...bOut ? { bias: bOut } : {} });
    return { output: out2.reshape([B, Q, d]), weights: weights2 };
  }
  const weights = softmaxPerHead(tf15.add(matMul2(x, f.a), f.c));
  const out = matMul2(weights, f.vw);
  return { output: bOut ? tf15.add(out, bOut) : out, weights };
}
function resiDualBlockFolded(p, state, f, opts) {
  return tf15.tidy(() => {
    const { output, weights } = attendFolded(p, state.xPost, f);
    const s1 = tf15.add(state.xPost, output);
    const xPre1 = tf15.add(state.xPre, s1);
    const xPost1 = layerNorm(s1, p.attentionNorm, opts.epsilon);
    const s2 = tf15.add(xPost1, feedForward(xPost1, p.feedForward, { activation: opts.activation }));
    const xPre = tf15.add(xPre1, s2);
    const xPost = layerNorm(s2, p.feedForwardNorm, opts.epsilon);
    if (!opts.keepWeights) return { state: { xPre, xPost } };
    const [B, Q] = weights.shape;
    const attentionWeights = weights.reshape([B, Q, f.heads, f.tokens]).transpose([0, 2, 1, 3]);
    return { state: { xPre, xPost }, attentionWeights };
  });
}

// ../../packages/transformer-payne/src/planWavelengthChunks.ts
var DEFAULT_MEMORY_BUDGET_BYTES = 256 * 1024 * 1024;
function bytesPerQueryRow(a) {
  return 4 * (10 * Math.max(a.ffDim, a.headDim) + 12 * a.dim + 2 * a.heads * a.tokens);
}
function planWavelengthChunks(opts) {
  const { batch: B, wavelengths: M, architecture: a } = opts;
  const budget = opts.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES;
  if (!Number.isFinite(budget) || budget <= 0) {
    throw new DomainError(`Option 'memoryBudgetBytes' passed to 'planWavelengthChunks' must be finite and > 0; got ${budget}`);
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
var DomainError2 = class extends Error {
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
    throw new DomainError2(`Option 'dim' passed to '${who}' must be a positive integer; got ${dim}`);
  }
  if (!Number.isFinite(minPeriod) || minPeriod <= 0) {
    throw new DomainError2(`Option 'minPeriod' passed to '${who}' must be finite and > 0; got ${minPeriod}`);
  }
  if (!Number.isFinite(maxPeriod) || maxPeriod < minPeriod) {
    throw new DomainError2(
      `Option 'maxPeriod' passed to '${who}' must be finite and \u2265 minPeriod (${minPeriod}); got ${maxPeriod}`
    );
  }
  if (spacing !== "log" && spacing !== "linear") {
    throw new DomainError2(`Option 'spacing' passed to '${who}' must be 'log' or 'linear'; got '${String(spacing)}'`);
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
    throw new DomainError2(
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
      throw new DomainError2(
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
      throw new DomainError2(
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
    const flux = tf16.concat(fluxChunks, 1);
    fluxChunks.forEach((t) => t.dispose());
    return flux;
  }
  /** The T label tokens [B, T, d] (before the per-block LayerNorm) of scaled labels [B, L]. */
  labelTokens(scaledLabels) {
    const { input, tokens } = this.layers;
    const { tokens: T, dim, activation } = this.architecture;
    return tf16.tidy(
      () => tokens.apply(activate(input.apply(scaledLabels), activation)).reshape([scaledLabels.shape[0], T, dim])
    );
  }
  /** Wavelengths [start, end) of the cached encoding, as queries [B, Q, d] (the same for every spectrum). */
  queryTokens(encoding, start, end, batch) {
    const d = this.architecture.dim;
    return tf16.tidy(
      () => tf16.broadcastTo(tf16.tensor3d(encoding.subarray(start * d, end * d), [1, end - start, d]), [batch, end - start, d])
    );
  }
  /** LayerNorm(x_pre) + x_post → Dense(headDim) → activation → Dense(1); [B, Q, d] → [B, Q]. */
  head(state) {
    const { headNorm, headHidden, headOutput } = this.layers;
    const [B, Q] = state.xPre.shape;
    return tf16.tidy(() => {
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
    if (!(labels instanceof tf16.Tensor) || labels.rank !== 2 || labels.shape[1] !== L) {
      const got = labels instanceof tf16.Tensor ? `[${labels.shape.join(", ")}]` : typeof labels;
      throw new ShapeError(`Argument 'labels' passed to '${who}' must have shape [B, ${L}] (${this.labels.map((l) => l.name).join(", ")}); got ${got}`);
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
    throw new DomainError(`Argument 'wavelength' passed to '${who}' is required: TransformerPayne predicts on any grid you give it (\xC5, Float64Array preferred)`);
  }
  if (wavelength instanceof Float64Array) return wavelength;
  if (wavelength instanceof tf16.Tensor) {
    if (wavelength.rank !== 1) {
      throw new ShapeError(`Argument 'wavelength' passed to '${who}' must be 1-D [M]; got shape [${wavelength.shape.join(", ")}]`);
    }
    return Float64Array.from(wavelength.dataSync());
  }
  throw new ShapeError(`Argument 'wavelength' passed to '${who}' must be a Float64Array or a tf.Tensor1D; got ${Object.prototype.toString.call(wavelength)}`);
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
import * as tf17 from "@tensorflow/tfjs";
function attentionMaps(model, labels, wavelength, opts = {}) {
  const who = "attentionMaps";
  const L = model.labels.length;
  const values = labels instanceof tf17.Tensor ? labels.dataSync() : Float32Array.from(labels);
  if (values.length !== L || labels instanceof tf17.Tensor && labels.size !== L) {
    throw new ShapeError(`Argument 'labels' passed to '${who}' must be ONE label vector of ${L} values; got ${values.length}`);
  }
  const grid = toWavelengthGrid(who, wavelength);
  checkWavelengthDomain(who, grid, model.wavelength, opts);
  checkLabelDomain(who, values, model.labels, opts);
  const perBlock = model.layers.blocks.map(() => []);
  tf17.tidy(() => {
    const scaled = scaleLabels(tf17.tensor2d(Float32Array.from(values), [1, L]), model.labels);
    const flux = model.forward(scaled, grid, {
      ...opts.memoryBudgetBytes === void 0 ? {} : { memoryBudgetBytes: opts.memoryBudgetBytes },
      onAttention: (block, weights) => perBlock[block].push(tf17.keep(weights))
    });
    flux.dispose();
  });
  return tf17.tidy(() => {
    const maps = perBlock.map((chunks) => (chunks.length === 1 ? chunks[0] : tf17.concat(chunks, 2)).squeeze([0]));
    const out = tf17.stack(maps);
    perBlock.flat().forEach((t) => t.dispose());
    return out;
  });
}

// ../../packages/transformer-payne/src/index.ts
registerTransformerPayne();

// .dev/repro.ts
for (const b of ["cpu", "wasm"]) {
  await initBackend({ backend: b });
  const m = createTransformerPayne({ preset: "small", labels: [{ name: "a", min: 0, max: 1 }, { name: "b", min: 0, max: 1 }], wavelengthRange: { min: 5e3, max: 5100 } });
  const wl = Float64Array.from([5001, 5002, 5003]);
  try {
    const p = m.predict(tf18.tensor2d([[0.5, 0.5]]), wl);
    console.log(b, "predict B=1 ok", p.shape);
  } catch (e) {
    console.log(b, "predict B=1 FAIL", e.message);
  }
  try {
    const a = attentionMaps(m, [0.5, 0.5], wl);
    console.log(b, "attentionMaps ok", a.shape);
  } catch (e) {
    console.log(b, "attentionMaps FAIL", e.message);
  }
  const x = tf18.ones([1, 3, 64]);
  try {
    const y = tf18.fused.matMul({ a: tf18.ones([3, 64]), b: tf18.ones([64, 8]), bias: tf18.zeros([8]) });
    console.log(b, "fused 2D ok", y.shape);
  } catch (e) {
    console.log(b, "fused FAIL", e.message);
  }
  x.dispose();
}
