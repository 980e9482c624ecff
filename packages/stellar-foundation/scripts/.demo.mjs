// packages/stellar-foundation/scripts/demo.ts
import * as tf20 from "@tensorflow/tfjs";

// packages/backend/src/initBackend.ts
import * as tf from "@tensorflow/tfjs";

// packages/backend/src/backendNames.ts
var BACKEND_NAMES = ["tensorflow", "webgpu", "webgl", "wasm", "cpu"];
function isBackendName(name) {
  return BACKEND_NAMES.includes(name);
}

// packages/backend/src/BackendError.ts
var BackendError = class extends Error {
  /** The backend concerned, when there is one. */
  backend;
  constructor(message, backend) {
    super(message);
    this.name = "BackendError";
    if (backend !== void 0) this.backend = backend;
  }
};

// packages/backend/src/isNode.ts
function isNode() {
  const p = globalThis.process;
  return typeof p?.versions?.node === "string";
}

// packages/backend/src/initBackend.ts
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

// packages/stellar-foundation/src/foundationModel.ts
import * as tf15 from "@tensorflow/tfjs";

// packages/attention/src/Parameters.ts
import * as tf3 from "@tensorflow/tfjs";

// packages/attention/src/errors.ts
var ShapeError = class extends Error {
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

// packages/attention/src/initializers.ts
import * as tf2 from "@tensorflow/tfjs";
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
    if (distribution === "truncatedNormal") return tf2.truncatedNormal(s, 0, Math.sqrt(variance) / TRUNCATED_STD, "float32", seed);
    if (distribution === "normal") return tf2.randomNormal(s, 0, Math.sqrt(variance), "float32", seed);
    const limit = Math.sqrt(3 * variance);
    return tf2.randomUniform(s, -limit, limit, "float32", seed);
  };
}
function glorotNormal() {
  return varianceScaling({ scale: 1, mode: "fanAvg", distribution: "truncatedNormal" });
}
function lecunNormal() {
  return varianceScaling({ scale: 1, mode: "fanIn", distribution: "truncatedNormal" });
}
function truncatedNormal2(stddev) {
  return (shape, seed) => tf2.truncatedNormal([...shape], 0, stddev, "float32", seed);
}
function zeros2() {
  return (shape) => tf2.zeros([...shape], "float32");
}
function ones2() {
  return (shape) => tf2.ones([...shape], "float32");
}

// packages/attention/src/Parameters.ts
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
      throw new ShapeError(`Parameters.create: shape of '${name}' must be positive integers; got ${formatShape(shape)}`);
    }
    const seed = (hashName(name) ^ this.seed >>> 0) >>> 0;
    const variable4 = tf3.tidy(() => {
      const value = init(shape, seed);
      if (value.shape.join() !== shape.join()) {
        throw new ShapeError(
          `Parameters.create: initializer of '${name}' returned shape ${formatShape(value.shape)}; expected ${formatShape(shape)}`
        );
      }
      return tf3.variable(value.toFloat(), true, `${this.namespace}/${name}`);
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
    if (values instanceof tf3.Tensor) {
      if (values.shape.join() !== v.shape.join()) {
        throw new ShapeError(
          `Parameters.assign: '${name}' has shape ${formatShape(v.shape)}; got values of shape ${formatShape(values.shape)}`
        );
      }
      tf3.tidy(() => v.assign(values.toFloat()));
      return;
    }
    if (values.length !== v.size) {
      throw new ShapeError(
        `Parameters.assign: '${name}' has shape ${formatShape(v.shape)} (${v.size} values); got ${values.length} values`
      );
    }
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        throw new ParameterError(`Parameters.assign: values of '${name}' must be finite; element ${i} is ${values[i]}`, name);
      }
    }
    tf3.tidy(() => v.assign(tf3.tensor(Float32Array.from(values), v.shape, "float32")));
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
        throw new ShapeError(`Parameters.load: '${name}' has shape ${formatShape(v.shape)}; got ${formatShape(shape)}`);
      }
      const size = shape.reduce((a, b) => a * b, 1);
      if (values.length !== size) {
        throw new ShapeError(`Parameters.load: '${name}' of shape ${formatShape(shape)} needs ${size} values; got ${values.length}`);
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

// packages/attention/src/matMul.ts
import * as tf4 from "@tensorflow/tfjs";
function transposeLast2(x) {
  const r = x.rank;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf4.transpose(x, perm);
}
var matMulWithPlainGrad = tf4.customGrad(((a, b, save) => {
  save([a, b]);
  return {
    value: tf4.matMul(a, b),
    // dA = dY · Bᵀ, dB = Aᵀ · dY with explicit transposes: on wasm, matMul(transposeA/B) is 10–60× slower.
    gradFunc: (dy, saved) => {
      const [sa, sb] = saved;
      return [tf4.matMul(dy, transposeLast2(sb)), tf4.matMul(transposeLast2(sa), dy)];
    }
  };
}));
function matMul2(a, b) {
  if (a.rank < 2 || a.rank !== b.rank) {
    throw new ShapeError(`matMul: operands must have the same rank \u2265 2; got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const r = a.rank;
  if (a.shape[r - 1] !== b.shape[r - 2] || a.shape.slice(0, r - 2).join() !== b.shape.slice(0, r - 2).join()) {
    throw new ShapeError(
      `matMul: expected a [..., n, k] and b [..., k, m] with equal leading axes; got ${formatShape(a.shape)} and ${formatShape(b.shape)}`
    );
  }
  return matMulWithPlainGrad(a, b);
}
var matMulBiasWithPlainGrad = tf4.customGrad(((a, b, bias, save) => {
  save([a, b]);
  return {
    // bias fused into the product (one pass less over the output on wasm and cpu)
    value: tf4.fused.matMul({ a, b, bias }),
    gradFunc: (dy, saved) => {
      const [sa, sb] = saved;
      const rows = dy.reshape([-1, dy.shape[dy.rank - 1]]);
      return [tf4.matMul(dy, transposeLast2(sb)), tf4.matMul(transposeLast2(sa), dy), tf4.sum(rows, 0)];
    }
  };
}));
function matMulBias(a, b, bias) {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[0] || bias.rank !== 1 || bias.shape[0] !== b.shape[1]) {
    throw new ShapeError(
      `matMulBias: expected a [n, k], b [k, m] and bias [m]; got ${formatShape(a.shape)}, ${formatShape(b.shape)} and ${formatShape(bias.shape)}`
    );
  }
  return matMulBiasWithPlainGrad(a, b, bias);
}

// packages/attention/src/dense.ts
import * as tf5 from "@tensorflow/tfjs";
function dense(x, p) {
  return tf5.tidy(() => {
    const kernel = p.kernel;
    const bias = p.bias;
    const [inDim, outDim] = kernel.shape;
    if (kernel.rank !== 2 || x.shape[x.rank - 1] !== inDim) {
      throw new ShapeError(
        `dense: expected x [..., ${kernel.shape[0]}] and kernel [in, out]; got x ${formatShape(x.shape)} and kernel ${formatShape(kernel.shape)}`
      );
    }
    if (bias !== void 0 && (bias.rank !== 1 || bias.shape[0] !== outDim)) {
      throw new ShapeError(`dense: expected bias [${outDim}]; got ${formatShape(bias.shape)}`);
    }
    const lead = x.shape.slice(0, -1);
    const flat = x.reshape([-1, inDim]);
    const y = bias === void 0 ? matMul2(flat, kernel) : matMulBias(flat, kernel, bias);
    return y.reshape([...lead, outDim]);
  });
}

// packages/attention/src/layerNorm.ts
import * as tf6 from "@tensorflow/tfjs";
var LAYER_NORM_EPSILON = 1e-6;
function layerNorm(x, p = {}, epsilon = LAYER_NORM_EPSILON) {
  const dim = x.shape[x.rank - 1];
  for (const [field, t] of [["scale", p.scale], ["bias", p.bias]]) {
    if (t !== void 0 && (t.rank !== 1 || t.shape[0] !== dim)) {
      throw new ShapeError(`layerNorm: expected ${field} [${dim}] for x ${formatShape(x.shape)}; got ${formatShape(t.shape)}`);
    }
  }
  return tf6.tidy(() => {
    const axis = x.rank - 1;
    const mean4 = tf6.mean(x, axis, true);
    const centred = tf6.sub(x, mean4);
    const variance = tf6.mean(tf6.square(centred), axis, true);
    let y = tf6.mul(centred, tf6.rsqrt(tf6.add(variance, epsilon)));
    if (p.scale !== void 0) y = tf6.mul(y, p.scale);
    if (p.bias !== void 0) y = tf6.add(y, p.bias);
    return y;
  });
}

// packages/attention/src/gelu.ts
import * as tf7 from "@tensorflow/tfjs";
function geluExact(x) {
  return tf7.tidy(() => tf7.mul(tf7.mul(x, 0.5), tf7.add(1, tf7.erf(tf7.mul(x, Math.SQRT1_2)))));
}
var GELU_TANH_C1 = 2 * Math.sqrt(2 / Math.PI);
var GELU_TANH_C3 = GELU_TANH_C1 * 0.044715;
function geluTanh(x) {
  return tf7.tidy(() => tf7.mul(x, tf7.sigmoid(tf7.mul(x, tf7.add(tf7.mul(tf7.square(x), GELU_TANH_C3), GELU_TANH_C1)))));
}

// packages/attention/src/activation.ts
import * as tf8 from "@tensorflow/tfjs";
var ACTIVATIONS = ["gelu", "gelu_tanh", "relu", "sigmoid", "tanh", "linear"];
function activate(x, name) {
  switch (name) {
    case "gelu":
      return geluExact(x);
    case "gelu_tanh":
      return geluTanh(x);
    case "relu":
      return tf8.relu(x);
    case "sigmoid":
      return tf8.sigmoid(x);
    case "tanh":
      return tf8.tanh(x);
    case "linear":
      return tf8.clone(x);
    default:
      throw new ParameterError(`activate: activation must be one of ${ACTIVATIONS.join(", ")}; got '${String(name)}'`);
  }
}

// packages/attention/src/softmaxAttention.ts
import * as tf9 from "@tensorflow/tfjs";
var MASK_VALUE = -1e9;
function keyPaddingBias(mask, batch, keys) {
  if (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== keys) {
    throw new ShapeError(`keyPaddingBias: expected mask [${batch}, ${keys}] (batch, keys); got ${formatShape(mask.shape)}`);
  }
  return tf9.tidy(
    () => tf9.mul(tf9.sub(1, tf9.cast(mask, "float32")), MASK_VALUE).reshape([batch, 1, 1, keys])
  );
}
function attendTransposed(q, kT, v, scale, bias) {
  return tf9.tidy(() => {
    let scores = matMul2(tf9.mul(q, scale), kT);
    if (bias !== void 0) scores = tf9.add(scores, bias);
    const attentionWeights = tf9.softmax(scores, -1);
    return { output: matMul2(attentionWeights, v), attentionWeights };
  });
}

// packages/attention/src/multiHeadAttention.ts
import * as tf10 from "@tensorflow/tfjs";
function splitHeads(x, heads) {
  const [b, n, d] = x.shape;
  return x.reshape([b, n, heads, d / heads]).transpose([0, 2, 1, 3]);
}
function kernelShape(p) {
  let shape = [];
  tf10.tidy(() => {
    shape = p.kernel.shape;
  });
  return shape;
}
function projectKeyValues(p, tokens, opts) {
  const inner = kernelShape(p.key)[1];
  if (tokens.rank !== 3) {
    throw new ShapeError(`projectKeyValues: expected tokens [B, T, d]; got ${formatShape(tokens.shape)}`);
  }
  if (!Number.isInteger(opts.heads) || opts.heads < 1 || inner % opts.heads !== 0) {
    throw new ShapeError(`projectKeyValues: heads must divide the projection width ${inner}; got heads = ${opts.heads}`);
  }
  const [b, t] = tokens.shape;
  return tf10.tidy(() => {
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
    throw new ShapeError(`attendWithKeyValues: expected queries [${b}, Q, d] (batch of the keys); got ${formatShape(q.shape)}`);
  }
  const queryShape = kernelShape(p.query);
  if (queryShape[1] !== heads * dh) {
    throw new ShapeError(
      `attendWithKeyValues: query kernel ${formatShape(queryShape)} does not project to ${heads} heads \xD7 ${dh} = ${heads * dh}`
    );
  }
  const scale = opts.scale ?? 1 / Math.sqrt(dh);
  return tf10.tidy(() => {
    const qh = splitHeads(dense(q, p.query), heads);
    const { output, attentionWeights } = attendTransposed(qh, keyValues.kT, keyValues.v, scale, keyValues.maskBias);
    const merged = output.transpose([0, 2, 1, 3]).reshape([b, q.shape[1], heads * dh]);
    return { output: dense(merged, p.output), attentionWeights };
  });
}
function multiHeadAttention(p, q, kv, opts) {
  return tf10.tidy(() => {
    const keyValues = projectKeyValues(p, kv, opts);
    return attendWithKeyValues(p, q, keyValues, opts);
  });
}

// packages/attention/src/feedForward.ts
import * as tf11 from "@tensorflow/tfjs";
function feedForward(x, p, opts = {}) {
  return tf11.tidy(() => dense(activate(dense(x, p.hidden), opts.activation ?? "gelu"), p.output));
}

// packages/attention/src/createDense.ts
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

// packages/attention/src/createLayerNorm.ts
function createLayerNorm(params, prefix, opts) {
  checkPositiveInt("createLayerNorm", "dim", opts.dim);
  const p = {};
  if (opts.useScale ?? true) p.scale = params.create(joinName(prefix, "scale"), [opts.dim], ones2());
  if (opts.useBias ?? true) p.bias = params.create(joinName(prefix, "bias"), [opts.dim], zeros2());
  const epsilon = opts.epsilon ?? LAYER_NORM_EPSILON;
  return { params: p, epsilon, apply: (x) => layerNorm(x, p, epsilon) };
}

// packages/attention/src/createMultiHeadAttention.ts
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

// packages/attention/src/createFeedForward.ts
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

// packages/emulator-core/src/errors.ts
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
var ShapeError2 = class extends AstroemuError {
};
var DomainError = class extends AstroemuError {
};

// packages/emulator-core/src/emulatorConfigSchema.ts
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
  const f2 = w.fixed;
  if (!f2) return;
  for (let i = 1; i < f2.length; i++) {
    if (!(f2[i] > f2[i - 1])) {
      ctx.addIssue({ code: "custom", path: ["fixed"], message: `must be strictly increasing; pixel ${i} (${f2[i]}) \u2264 pixel ${i - 1} (${f2[i - 1]})` });
      return;
    }
  }
  if (f2[0] < w.min || f2[f2.length - 1] > w.max) {
    ctx.addIssue({ code: "custom", path: ["fixed"], message: `must lie within [min, max] = [${w.min}, ${w.max}]; got [${f2[0]}, ${f2[f2.length - 1]}]` });
  }
});
var formatVersionSchema = z.string().default(FORMAT_VERSION).refine((v) => parseFormatVersion(v) !== void 0, { message: 'must look like "MAJOR.MINOR", e.g. "1.0"' }).refine((v) => (parseFormatVersion(v)?.major ?? 0) <= FORMAT_MAJOR, {
  message: `is newer than this reader supports (${FORMAT_MAJOR}.x); upgrade @astroemu/emulator-core`
});
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

// packages/stellar-foundation/src/createOutputHead.ts
import * as tf12 from "@tensorflow/tfjs";
function createOutputHead(params, prefix, opts) {
  const widths = [opts.dim, ...opts.hidden];
  const layers = opts.hidden.map((w, i) => createDense(params, joinName(prefix, `dense_${i}`), { inDim: widths[i], outDim: w }));
  const output = createDense(params, joinName(prefix, "output"), { inDim: widths[widths.length - 1], outDim: 2 });
  const activation = opts.activation ?? "gelu";
  return {
    apply: (x) => tf12.tidy(() => {
      let h = x;
      for (const layer of layers) h = activate(layer.apply(h), activation);
      const [mean4, logVariance] = tf12.unstack(output.apply(h), 2);
      return { mean: mean4, logVariance };
    })
  };
}

// packages/stellar-foundation/src/createPostNormBlock.ts
import * as tf13 from "@tensorflow/tfjs";
function createPostNormBlock(params, prefix, opts) {
  const attention = createMultiHeadAttention(params, joinName(prefix, "attention"), { dim: opts.dim, heads: opts.heads });
  const attentionNorm = createLayerNorm(params, joinName(prefix, "attention_norm"), { dim: opts.dim });
  const feedForward2 = createFeedForward(params, joinName(prefix, "feed_forward"), {
    dim: opts.dim,
    hiddenDim: opts.hiddenDim,
    activation: opts.activation ?? "gelu"
  });
  const feedForwardNorm = createLayerNorm(params, joinName(prefix, "feed_forward_norm"), { dim: opts.dim });
  const rate = opts.dropout ?? 0;
  const drop = (x, mode, salt) => mode.training && rate > 0 ? tf13.dropout(x, rate, void 0, (mode.seed ?? 0) * 2 + salt) : x;
  return {
    apply: (queries, tokens, mask, mode = {}) => tf13.tidy(() => {
      const attended = attention.apply(queries, tokens, mask).output;
      const x = attentionNorm.apply(tf13.add(queries, drop(attended, mode, 0)));
      return feedForwardNorm.apply(tf13.add(x, drop(feedForward2.apply(x), mode, 1)));
    })
  };
}

// packages/stellar-foundation/src/vocabulary.ts
var PADDING_ID = 0;
function createVocabulary(tokens) {
  const byName = /* @__PURE__ */ new Map();
  tokens.forEach((t, i) => {
    if (byName.has(t.name)) throw new ConfigError(`createVocabulary: token names must be unique; '${t.name}' appears twice`);
    if (!Number.isFinite(t.center) || !(Number.isFinite(t.scale) && t.scale > 0)) {
      throw new ConfigError(`createVocabulary: token '${t.name}' needs a finite center and a positive scale; got center ${t.center}, scale ${t.scale}`);
    }
    byName.set(t.name, i + 1);
  });
  const frozen = Object.freeze(tokens.map((t) => Object.freeze({ ...t })));
  const spec = (id) => {
    const t = frozen[id - 1];
    if (t === void 0) throw new DomainError(`Vocabulary.spec: id must be an integer in [1, ${frozen.length}]; got ${id}`);
    return t;
  };
  return {
    tokens: frozen,
    size: frozen.length + 1,
    id(type, who = "Vocabulary.id") {
      if (typeof type === "number") {
        if (Number.isInteger(type) && type >= 1 && type <= frozen.length) return type;
        throw new DomainError(`${who}: token id must be an integer in [1, ${frozen.length}] (0 is padding); got ${type}`);
      }
      const id = byName.get(type);
      if (id === void 0) {
        const known = frozen.map((t) => t.name);
        const list = known.length > 8 ? `${known.slice(0, 8).join(", ")}, \u2026 (${known.length} in all)` : known.join(", ");
        throw new DomainError(`${who}: unknown observation type '${type}'; expected one of ${list}`);
      }
      return id;
    },
    name: (id) => spec(id).name,
    spec
  };
}

// packages/stellar-foundation/src/encodeTokens.ts
function encodeTokens(vocabulary, values, types, opts) {
  const who = opts.who ?? "encodeTokens";
  if (values.length !== types.length || values.length === 0) {
    throw new ShapeError2(`${who}: expected one row of values and one row of types per star (\u2265 1 star); got ${values.length} and ${types.length} rows`);
  }
  const rows = values.map((row, i) => {
    const typeRow = types[i];
    if (row.length !== typeRow.length) {
      throw new ShapeError2(`${who}: star ${i} has ${row.length} values but ${typeRow.length} types; expected equal lengths`);
    }
    const kept = [];
    for (let j = 0; j < row.length; j++) {
      const t = typeRow[j];
      const v = row[j];
      if (t === null || t === PADDING_ID || !Number.isFinite(v)) continue;
      const id = vocabulary.id(t, who);
      const spec = vocabulary.spec(id);
      kept.push([(v - spec.center) / spec.scale, id]);
    }
    if (kept.length > opts.context) {
      throw new ShapeError2(`${who}: star ${i} has ${kept.length} non-missing inputs; expected at most the context length ${opts.context}`);
    }
    return kept;
  });
  const length = Math.max(1, ...rows.map((r) => r.length));
  const out = { values: new Float32Array(rows.length * length), types: new Int32Array(rows.length * length), batch: rows.length, length };
  rows.forEach(
    (r, i) => r.forEach(([v, id], j) => {
      out.values[i * length + j] = v;
      out.types[i * length + j] = id;
    })
  );
  return out;
}

// packages/stellar-foundation/src/foundationConfigSchema.ts
import { z as z2 } from "zod";
var FOUNDATION_KIND = "stellar-foundation";
var tokenSpecSchema = z2.strictObject({
  name: z2.string().min(1),
  unit: z2.string().optional(),
  center: z2.number(),
  scale: z2.number().positive()
});
var positiveInt = z2.number().int().positive();
var foundationArchitectureSchema = z2.strictObject({
  /** Maximum number of input tokens per star. */
  context: positiveInt.default(64),
  /** Embedding (model) width d. */
  dim: positiveInt.default(128),
  heads: positiveInt.default(16),
  encoderHidden: z2.array(positiveInt).min(1).default([1024, 512]),
  decoderHidden: z2.array(positiveInt).min(1).default([3096, 1548, 774]),
  headHidden: z2.array(positiveInt).default([3096, 1548, 774]),
  dropout: z2.number().min(0).max(0.9).default(0.1),
  /** Activation of the feed-forward blocks and of the head. */
  activation: z2.enum(ACTIVATIONS).default("gelu"),
  /** f of the non-linear embedding y = f(w_type · value) + b_type. */
  embeddingActivation: z2.enum(ACTIVATIONS).default("gelu")
});
var formatVersionSchema2 = z2.string().default(FORMAT_VERSION).refine((v) => parseFormatVersion(v) !== void 0, { message: 'must look like "MAJOR.MINOR", e.g. "1.0"' }).refine((v) => (parseFormatVersion(v)?.major ?? 0) <= FORMAT_MAJOR, {
  message: `is newer than this reader supports (${FORMAT_MAJOR}.x); upgrade @astroemu/stellar-foundation`
});
var foundationConfigSchema = z2.strictObject({
  kind: z2.literal(FOUNDATION_KIND),
  formatVersion: formatVersionSchema2,
  packageVersion: z2.string().optional(),
  /** The vocabulary: token id i + 1 is tokens[i]; id 0 is padding. */
  tokens: z2.array(tokenSpecSchema).min(1),
  architecture: foundationArchitectureSchema,
  training: z2.record(z2.string(), z2.unknown()).optional()
}).superRefine((c, ctx) => {
  const seen = /* @__PURE__ */ new Set();
  c.tokens.forEach((t, i) => {
    if (seen.has(t.name)) ctx.addIssue({ code: "custom", path: ["tokens", i, "name"], message: `duplicate token name '${t.name}'` });
    seen.add(t.name);
  });
  if (c.architecture.dim % c.architecture.heads !== 0) {
    ctx.addIssue({ code: "custom", path: ["architecture", "heads"], message: `must divide dim (${c.architecture.dim}); got ${c.architecture.heads}` });
  }
});
function parseFoundationConfig(json) {
  return parseConfigWith(foundationConfigSchema, json, FOUNDATION_KIND);
}
var FOUNDATION_PRESETS = {
  paper: { context: 64, dim: 128, heads: 16, encoderHidden: [1024, 512], decoderHidden: [3096, 1548, 774], headHidden: [3096, 1548, 774], dropout: 0.1 },
  small: { context: 64, dim: 32, heads: 4, encoderHidden: [128, 64], decoderHidden: [128], headHidden: [128, 64], dropout: 0.05 }
};
function foundationConfig(tokens, opts = {}) {
  const preset = FOUNDATION_PRESETS[opts.preset ?? "small"];
  return parseFoundationConfig({
    kind: FOUNDATION_KIND,
    tokens: tokens.map((t) => ({ ...t })),
    architecture: { ...preset, encoderHidden: [...preset.encoderHidden], decoderHidden: [...preset.decoderHidden], headHidden: [...preset.headHidden], ...opts.architecture },
    ...opts.training ? { training: opts.training } : {}
  });
}

// packages/stellar-foundation/src/nonLinearEmbedding.ts
import * as tf14 from "@tensorflow/tfjs";
function lookup(table, ids) {
  const [b, t] = ids.shape;
  const [v, d] = table.shape;
  const oneHot2 = tf14.oneHot(tf14.cast(ids.reshape([-1]), "int32"), v).toFloat();
  return matMul2(oneHot2, table).reshape([b, t, d]);
}
function createNonLinearEmbedding(params, prefix, opts) {
  const weightName = joinName(prefix, "weight");
  const biasName = joinName(prefix, "bias");
  params.create(weightName, [opts.vocabSize, opts.dim], truncatedNormal2(1));
  params.create(biasName, [opts.vocabSize, opts.dim], truncatedNormal2(1));
  const activation = opts.activation ?? "gelu";
  return {
    embed: (values, types) => tf14.tidy(() => {
      const w = lookup(params.value(weightName), types);
      const b = lookup(params.value(biasName), types);
      return tf14.add(activate(tf14.mul(w, values.expandDims(2)), activation), b);
    }),
    requestTokens: (types) => tf14.tidy(() => {
      const w = lookup(params.value(weightName), types);
      return tf14.div(w, tf14.sqrt(tf14.sum(tf14.square(w), -1, true)));
    })
  };
}

// packages/stellar-foundation/src/foundationModel.ts
function createFoundationModel(configJson, opts = {}) {
  const config = parseFoundationConfig(configJson);
  const arch = config.architecture;
  const vocabulary = createVocabulary(config.tokens);
  const params = new Parameters({ seed: opts.seed ?? 0 });
  const common = { dim: arch.dim, heads: arch.heads, activation: arch.activation, dropout: arch.dropout };
  const embedding = createNonLinearEmbedding(params, "embedding", { vocabSize: vocabulary.size, dim: arch.dim, activation: arch.embeddingActivation });
  const encoderBlocks = arch.encoderHidden.map((h, i) => createPostNormBlock(params, joinName("encoder", i), { ...common, hiddenDim: h }));
  const decoderBlocks = arch.decoderHidden.map((h, i) => createPostNormBlock(params, joinName("decoder", i), { ...common, hiddenDim: h }));
  const head = createOutputHead(params, "head", { dim: arch.dim, hidden: arch.headHidden, activation: arch.activation });
  const blockMode = (mode, i) => ({ ...mode, seed: (mode.seed ?? 0) * 64 + i });
  const paddingMask = (types) => tf15.cast(tf15.notEqual(types, PADDING_ID), "float32");
  function encode(values, types, mode = {}) {
    if (values.rank !== 2 || values.shape.join() !== types.shape.join()) {
      throw new ShapeError2(`FoundationModel.encode: expected values and types of the same shape [B, T]; got [${values.shape}] and [${types.shape}]`);
    }
    return tf15.tidy(() => {
      const mask = paddingMask(types);
      let x = embedding.embed(values, types);
      encoderBlocks.forEach((block, i) => {
        x = block.apply(x, x, mask, blockMode(mode, i));
      });
      return x;
    });
  }
  function decode(encoded, mask, requestTypes, mode = {}) {
    return tf15.tidy(() => {
      let q = embedding.requestTokens(requestTypes);
      decoderBlocks.forEach((block, i) => {
        q = block.apply(q, encoded, mask, blockMode(mode, 32 + i));
      });
      return head.apply(q);
    });
  }
  function forward(values, types, requestTypes, mode = {}) {
    return tf15.tidy(() => decode(encode(values, types, mode), paddingMask(types), requestTypes, mode));
  }
  let perception;
  const forget = () => {
    perception?.encoded.dispose();
    perception?.mask.dispose();
    perception = void 0;
  };
  const model2 = {
    kind: FOUNDATION_KIND,
    vocabulary,
    architecture: arch,
    params,
    config: () => ({ ...structuredClone(config), ...model2.training ? { training: structuredClone(model2.training) } : {} }),
    encode,
    decode,
    forward,
    perceive(values, types) {
      const batch = encodeTokens(vocabulary, values, types, { context: arch.context, who: "FoundationModel.perceive" });
      forget();
      perception = tf15.tidy(() => {
        const t = tf15.tensor2d(batch.types, [batch.batch, batch.length], "int32");
        const encoded = encode(tf15.tensor2d(batch.values, [batch.batch, batch.length]), t);
        return { encoded, mask: paddingMask(t) };
      });
    },
    request(types) {
      if (perception === void 0) throw new ShapeError2("FoundationModel.request: nothing perceived; call perceive(values, types) first");
      const list = Array.isArray(types) ? types : [types];
      if (list.length === 0) throw new ShapeError2("FoundationModel.request: expected at least one requested type; got none");
      const ids = list.map((t) => vocabulary.id(t, "FoundationModel.request"));
      const stars = perception.encoded.shape[0];
      const { encoded, mask } = perception;
      const [mean4, logVariance] = tf15.tidy(() => {
        const req = tf15.tensor2d(Array.from({ length: stars }, () => ids), [stars, ids.length], "int32");
        const out = decode(encoded, mask, req);
        return [out.mean, out.logVariance];
      });
      const m = mean4.dataSync();
      const s = logVariance.dataSync();
      mean4.dispose();
      logVariance.dispose();
      const sigma = new Float32Array(m.length);
      for (let i = 0; i < m.length; i++) {
        const spec = vocabulary.spec(ids[i % ids.length]);
        m[i] = m[i] * spec.scale + spec.center;
        sigma[i] = Math.exp(0.5 * s[i]) * spec.scale;
      }
      return { mean: Float32Array.from(m), sigma, stars, types: ids.map((id) => vocabulary.name(id)) };
    },
    forget,
    parameterCount: () => params.count(),
    trainableVariables: () => params.variables(),
    weights: () => new Map(params.entries()),
    dispose() {
      forget();
      params.dispose();
    }
  };
  return model2;
}

// packages/stellar-foundation/src/heteroscedasticLoss.ts
import * as tf16 from "@tensorflow/tfjs";
function heteroscedasticLoss(mean4, logVariance, target, knownSigma, weights) {
  for (const [name, t] of [["logVariance", logVariance], ["target", target], ["knownSigma", knownSigma], ["weights", weights]]) {
    if (t !== void 0 && t.shape.join() !== mean4.shape.join()) {
      throw new ShapeError2(`heteroscedasticLoss: '${name}' must have the shape of 'mean' [${mean4.shape.join(", ")}]; got [${t.shape.join(", ")}]`);
    }
  }
  return tf16.tidy(() => {
    const s = tf16.log(tf16.add(tf16.square(knownSigma), tf16.exp(logVariance)));
    const perEntry = tf16.add(tf16.div(tf16.square(tf16.sub(mean4, target)), tf16.mul(2, tf16.exp(s))), tf16.mul(0.5, s));
    if (weights === void 0) return tf16.mean(perEntry);
    return tf16.div(tf16.sum(tf16.mul(perEntry, weights)), tf16.maximum(tf16.sum(weights), 1e-12));
  });
}

// packages/synth/src/elements.ts
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

// packages/synth/src/solarAbundances.ts
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

// packages/synth/src/errors.ts
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

// packages/synth/src/labels.ts
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
function labelVector(opts = {}) {
  const v = new Float64Array(LABEL_COUNT);
  v[0] = opts.Teff ?? 5e3;
  v[1] = opts.logg ?? 4.5;
  v[2] = opts.He ?? SOLAR_HELIUM_FRACTION;
  v.fill(opts.metallicity ?? 0, 3);
  for (const [symbol, value] of Object.entries(opts.abundances ?? {})) {
    const i = LABEL_NAMES.indexOf(symbol);
    if (i < 3) {
      throw new SynthArgumentError("abundances", "labelVector", "keyed by element symbols Li \u2026 Es", describeValue(symbol));
    }
    v[i] = value;
  }
  return v;
}

// packages/synth/src/wavelengthGrid.ts
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

// packages/synth/src/voigt.ts
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

// packages/synth/src/partitionFunctions.ts
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

// packages/synth/src/physicalConstants.ts
var C_LIGHT = 29979245800;
var K_BOLTZMANN = 1380649e-22;
var ATOMIC_MASS_UNIT = 16605390666e-34;
var PI_E2_OVER_MC = 0.02654;
var HC_OVER_K_ANGSTROM = 1438776877e-1;
var THETA_SCALE = 5039.775;

// packages/synth/src/saha.ts
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

// packages/synth/src/continuousOpacity.ts
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

// packages/synth/src/lineRichness.ts
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

// packages/synth/src/photosphere.ts
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

// packages/synth/src/residualFlux.ts
var SURFACE_TEMPERATURE_RATIO = 2 ** -0.25;
function saturatedResidualFlux(lambda, T) {
  const u = HC_OVER_K_ANGSTROM / (lambda * T);
  return Math.expm1(u) / Math.expm1(u / SURFACE_TEMPERATURE_RATIO);
}

// packages/synth/src/balmer.ts
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

// packages/synth/src/lineList.ts
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

// packages/synth/src/anchorLines.ts
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

// packages/synth/src/prng.ts
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

// packages/synth/src/generateLineList.ts
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

// packages/synth/src/validateLabels.ts
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

// packages/synth/src/createSynthesizer.ts
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
  const keep = [];
  for (let j = 0; j < lineList.size; j++) {
    const lam = lineList.lambda[j];
    if (lam >= lo - maxWindow && lam <= hi + maxWindow) keep.push(j);
  }
  const m = keep.length;
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
    const j = keep[q];
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
        const j = keep[q];
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
    const half2 = Math.min((Q / eps) ** 0.4, 300);
    let i = lowerBound(wavelength, line.lambda - half2);
    const end = line.lambda + half2;
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

// packages/synth/src/synthesize.ts
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

// packages/stellar-foundation/src/stellarCatalogue.ts
var CATALOGUE_LABELS = ["Teff", "logg", "M_H", "alpha_M", "A_V"];
var CATALOGUE_COLOURS = ["BP_RP", "G_K", "J_K"];
var LABEL_UNITS = ["K", "dex", "dex", "dex", "mag"];
var LABEL_SIGMA = [50, 0.07, 0.04, 0.03, 0.05];
var COLOUR_SIGMA = 0.02;
var SYNTH = { R: 3e3, lambdaMin: 4e3, lambdaMax: 5500 };
var ALPHA_ELEMENTS = ["O", "Mg", "Si", "S", "Ca", "Ti"];
function stellarColours(teff, logg, mh, av) {
  const theta = 5040 / teff;
  return [
    -0.95 + 2 * theta + 0.6 * (theta - 0.9) ** 2 + 0.06 * mh + 0.43 * av,
    -1.6 + 3.6 * theta + 0.09 * mh - 0.04 * (logg - 3) + 0.85 * av,
    -0.35 + 0.85 * theta + 0.02 * mh - 0.03 * (logg - 3) + 0.17 * av
  ];
}
function makeStellarCatalogue(opts) {
  const bins = opts.bins ?? 64;
  const rand = mulberry32(opts.seed ?? 1);
  const miss = { spectrum: 0.2, labels: 0.25, colours: 0.1, random: 0.05, ...opts.missing };
  const spectrum2 = Array.from({ length: bins }, (_, i) => `flux_${String(i).padStart(3, "0")}`);
  const names = [...CATALOGUE_LABELS, ...CATALOGUE_COLOURS, ...spectrum2];
  const k = names.length;
  const n = opts.stars;
  const values = new Float32Array(n * k);
  const sigmas = new Float32Array(n * k);
  const truth = new Float32Array(n * k);
  const synth = synthesizerFor(SYNTH);
  const pixels = synth.wavelength.length;
  const flux = new Float32Array(pixels);
  const uniform = (lo, hi) => lo + (hi - lo) * rand();
  const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
  for (let s = 0; s < n; s++) {
    const giant = rand() < 0.45;
    const teff = giant ? uniform(4e3, 5300) : uniform(4300, 6500);
    const logg = giant ? clamp(0.9 + 2.3 * (teff - 4e3) / 1300 + 0.12 * gaussian(rand), 0.5, 3.6) : clamp(4.62 - 0.45 * ((teff - 4300) / 2200) ** 1.5 + 0.06 * gaussian(rand), 3.8, 4.9);
    const mh = clamp(-0.2 + 0.35 * gaussian(rand), -1.5, 0.5);
    const alpha = clamp(-0.25 * mh + 0.06 * gaussian(rand), -0.1, 0.45);
    const av = Math.min(3, -0.5 * Math.log(1 - rand()));
    const abundances = Object.fromEntries(ALPHA_ELEMENTS.map((e) => [e, mh + alpha]));
    synth.synthesize(labelVector({ Teff: teff, logg, metallicity: mh, abundances }), flux);
    const row = [teff, logg, mh, alpha, av, ...stellarColours(teff, logg, mh, av)];
    for (let b = 0; b < bins; b++) {
      const lo = Math.floor(b * pixels / bins);
      const hi = Math.floor((b + 1) * pixels / bins);
      let sum4 = 0;
      for (let p = lo; p < hi; p++) sum4 += flux[p];
      row.push(sum4 / (hi - lo));
    }
    const snr = Math.exp(uniform(Math.log(20), Math.log(200)));
    const hasSpectrum = rand() >= miss.spectrum;
    const hasLabels = rand() >= miss.labels;
    const hasColours = rand() >= miss.colours;
    for (let j = 0; j < k; j++) {
      const i = s * k + j;
      truth[i] = row[j];
      const sigma = j < 5 ? LABEL_SIGMA[j] : j < 8 ? COLOUR_SIGMA : 1 / snr;
      const present = (j < 5 ? hasLabels : j < 8 ? hasColours : hasSpectrum) && rand() >= miss.random;
      values[i] = present ? row[j] + sigma * gaussian(rand) : Number.NaN;
      sigmas[i] = present ? sigma : Number.NaN;
    }
  }
  const tokens = names.map((name, j) => {
    let m = 0;
    let m2 = 0;
    for (let s = 0; s < n; s++) {
      m += truth[s * k + j];
      m2 += truth[s * k + j] ** 2;
    }
    m /= n;
    const sd = Math.sqrt(Math.max(m2 / n - m * m, 0));
    const unit = j < 5 ? LABEL_UNITS[j] : j < 8 ? "mag" : "normalised flux";
    return { name, unit, center: m, scale: sd > 1e-6 ? sd : 1 };
  });
  return { stars: n, names, groups: { labels: [...CATALOGUE_LABELS], colours: [...CATALOGUE_COLOURS], spectrum: spectrum2 }, values, sigmas, truth, tokens };
}

// packages/stellar-foundation/src/sampleTrainingBatch.ts
function sampleTrainingBatch(catalogue, vocabulary, rand, opts) {
  const k = catalogue.names.length;
  const ids = catalogue.names.map((n) => vocabulary.id(n, "sampleTrainingBatch"));
  const specs = ids.map((id) => vocabulary.spec(id));
  const requestable2 = new Set((opts.requestable ?? catalogue.names).map((n) => catalogue.names.indexOf(n)));
  if (requestable2.has(-1)) throw new ShapeError2(`sampleTrainingBatch: every requestable type must be a catalogue column; got ${opts.requestable?.join(", ")}`);
  const minInputs = opts.minInputs ?? 5;
  const groupOf = new Int32Array(k).fill(-1);
  (opts.inputGroups ?? []).forEach((g, gi) => g.forEach((n) => {
    const j = catalogue.names.indexOf(n);
    if (j >= 0) groupOf[j] = gi;
  }));
  const groups = opts.inputGroups?.length ?? 0;
  const requests = opts.requestsPerStar ?? 1;
  const stars = [];
  let tries = 0;
  while (stars.length < opts.batchSize) {
    if (++tries > 100 * opts.batchSize) throw new ShapeError2("sampleTrainingBatch: the rows have too few observed values (need \u2265 2 per star, one requestable)");
    const row = opts.rows[Math.floor(rand() * opts.rows.length)];
    const present = [];
    for (let j = 0; j < k; j++) if (Number.isFinite(catalogue.values[row * k + j])) present.push(j);
    const targets = present.filter((j) => requestable2.has(j));
    if (present.length < 2 || targets.length === 0) continue;
    if (groups > 0 && (opts.groupDropout ?? 0) > 0) {
      const seen = [...new Set(present.map((j) => groupOf[j]))];
      const keep = seen.filter(() => rand() >= opts.groupDropout);
      if (keep.length === 0) keep.push(seen[Math.floor(rand() * seen.length)]);
      const kept = present.filter((j) => keep.includes(groupOf[j]));
      present.length = 0;
      present.push(...kept);
    }
    for (let i = present.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [present[i], present[j]] = [present[j], present[i]];
    }
    const hi = Math.min(opts.context, present.length);
    const lo = Math.min(minInputs, hi);
    const count = lo + Math.floor(rand() * (hi - lo + 1));
    const request = Array.from({ length: requests }, () => targets[Math.floor(rand() * targets.length)]);
    stars.push({ inputs: present.slice(0, count), row, request });
  }
  const length = Math.max(...stars.map((s) => s.inputs.length));
  const out = {
    values: new Float32Array(opts.batchSize * length),
    types: new Int32Array(opts.batchSize * length),
    batch: opts.batchSize,
    length,
    requests,
    requestTypes: new Int32Array(opts.batchSize * requests),
    targets: new Float32Array(opts.batchSize * requests),
    targetSigmas: new Float32Array(opts.batchSize * requests)
  };
  stars.forEach(({ inputs, row, request }, b) => {
    inputs.forEach((j, t) => {
      out.values[b * length + t] = (catalogue.values[row * k + j] - specs[j].center) / specs[j].scale;
      out.types[b * length + t] = ids[j];
    });
    request.forEach((j, r) => {
      const i = b * requests + r;
      out.requestTypes[i] = ids[j];
      out.targets[i] = (catalogue.values[row * k + j] - specs[j].center) / specs[j].scale;
      out.targetSigmas[i] = catalogue.sigmas[row * k + j] / specs[j].scale;
    });
  });
  return out;
}

// packages/stellar-foundation/src/trainFoundationModel.ts
import * as tf18 from "@tensorflow/tfjs";

// packages/stellar-foundation/src/adamW.ts
import * as tf17 from "@tensorflow/tfjs";
var AdamWStep = class {
  constructor(variables, opts = {}) {
    this.opts = opts;
    this.slots = variables.map((w) => tf17.tidy(() => ({ w, m: tf17.variable(tf17.zerosLike(w), false), v: tf17.variable(tf17.zerosLike(w), false) })));
  }
  opts;
  t = 0;
  slots;
  /** Applies one update with learning rate `lr`; `grads` are keyed by variable name. */
  apply(grads, lr2) {
    const { weightDecay = 0.01, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = this.opts;
    this.t += 1;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    tf17.tidy(() => {
      for (const { w, m, v } of this.slots) {
        const g = grads[w.name];
        if (g === void 0) continue;
        m.assign(tf17.add(tf17.mul(m, beta1), tf17.mul(g, 1 - beta1)));
        v.assign(tf17.add(tf17.mul(v, beta2), tf17.mul(tf17.square(g), 1 - beta2)));
        const update = tf17.div(tf17.div(m, c1), tf17.add(tf17.sqrt(tf17.div(v, c2)), epsilon));
        w.assign(tf17.sub(tf17.mul(w, 1 - lr2 * weightDecay), tf17.mul(update, lr2)));
      }
    });
  }
  dispose() {
    for (const { m, v } of this.slots) {
      m.dispose();
      v.dispose();
    }
  }
};
function cosineWarmRestartRate(step, opts) {
  const t = step % opts.period;
  return opts.minimum + (opts.peak - opts.minimum) * 0.5 * (1 + Math.cos(Math.PI * t / opts.period));
}

// packages/stellar-foundation/src/trainFoundationModel.ts
function trainFoundationModel(model2, catalogue, opts) {
  const rand = mulberry32(opts.seed ?? 1);
  const rows = opts.rows ?? Int32Array.from({ length: catalogue.stars }, (_, i) => i);
  const batchSize = opts.batchSize ?? 64;
  const schedule = { peak: opts.learningRate ?? 1e-3, minimum: opts.minLearningRate ?? 1e-6, period: opts.restartPeriod ?? Math.max(1, Math.ceil(opts.steps / 2)) };
  const optimizer = new AdamWStep(model2.trainableVariables(), { weightDecay: opts.weightDecay ?? 1e-4 });
  const losses2 = [];
  try {
    for (let step = 0; step < opts.steps; step++) {
      const b = sampleTrainingBatch(catalogue, model2.vocabulary, rand, {
        rows,
        batchSize,
        context: model2.architecture.context,
        ...opts.minInputs !== void 0 ? { minInputs: opts.minInputs } : {},
        ...opts.requestable ? { requestable: opts.requestable } : {},
        ...opts.requestsPerStar !== void 0 ? { requestsPerStar: opts.requestsPerStar } : {},
        ...opts.inputGroups ? { inputGroups: opts.inputGroups, groupDropout: opts.groupDropout ?? 0 } : {}
      });
      const lr2 = cosineWarmRestartRate(step, schedule);
      const loss = tf18.tidy(() => {
        const values = tf18.tensor2d(b.values, [b.batch, b.length]);
        const types = tf18.tensor2d(b.types, [b.batch, b.length], "int32");
        const request = tf18.tensor2d(b.requestTypes, [b.batch, b.requests], "int32");
        const target = tf18.tensor2d(b.targets, [b.batch, b.requests]);
        const known = tf18.tensor2d(b.targetSigmas, [b.batch, b.requests]);
        const { value, grads } = tf18.variableGrads(() => {
          const out = model2.forward(values, types, request, { training: true, seed: (opts.seed ?? 1) * 1000003 + step });
          return heteroscedasticLoss(out.mean, out.logVariance, target, known);
        }, model2.trainableVariables());
        optimizer.apply(grads, lr2);
        return value;
      });
      const v = loss.dataSync()[0];
      loss.dispose();
      losses2.push(v);
      opts.onStep?.(step, v, lr2);
    }
  } finally {
    optimizer.dispose();
  }
  return { losses: losses2 };
}

// packages/stellar-foundation/scripts/demoTasks.ts
import * as tf19 from "@tensorflow/tfjs";
var col = (c, name) => c.names.indexOf(name);
var rms = (xs) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / Math.max(1, xs.length));
var median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
function completeRows(c, names, fraction = 1) {
  const k = c.names.length;
  const js = names.map((n) => col(c, n));
  return Array.from({ length: c.stars }, (_, i) => i).filter(
    (i) => js.filter((j) => Number.isFinite(c.values[i * k + j])).length >= Math.ceil(fraction * js.length)
  );
}
function ask(model2, c, rows, inputs, outputs, chunk = 256) {
  const k = c.names.length;
  const res = outputs.map(() => ({ mean: [], sigma: [], truth: [], observed: [], known: [] }));
  for (let s = 0; s < rows.length; s += chunk) {
    const part = rows.slice(s, s + chunk);
    model2.perceive(part.map((r) => inputs.map((n) => c.values[r * k + col(c, n)])), part.map(() => inputs));
    const out = model2.request(outputs);
    model2.forget();
    part.forEach(
      (r, i) => outputs.forEach((n, o) => {
        const at = i * outputs.length + o;
        res[o].mean.push(out.mean[at]);
        res[o].sigma.push(out.sigma[at]);
        res[o].truth.push(c.truth[r * k + col(c, n)]);
        res[o].observed.push(c.values[r * k + col(c, n)]);
        res[o].known.push(c.sigmas[r * k + col(c, n)]);
      })
    );
  }
  return res.map((r, o) => ({
    name: outputs[o],
    ...r,
    rmse: rms(r.mean.map((m, i) => m - r.truth[i])),
    medianSigma: median(r.sigma),
    /** Standard deviation of the truth over these stars (the error of always answering the mean). */
    spread: rms(r.truth.map((t) => t - r.truth.reduce((a, b) => a + b, 0) / r.truth.length))
  }));
}
function zScoreStd(model2, c, rows, opts) {
  const rand = mulberry32(opts.seed ?? 99);
  const z4 = [];
  while (z4.length < opts.pairs) {
    const b = sampleTrainingBatch(c, model2.vocabulary, rand, { rows, batchSize: 128, context: model2.architecture.context, ...opts.requestable ? { requestable: opts.requestable } : {} });
    const [mean4, logVar] = tf19.tidy(() => {
      const o = model2.forward(tf19.tensor2d(b.values, [b.batch, b.length]), tf19.tensor2d(b.types, [b.batch, b.length], "int32"), tf19.tensor2d(b.requestTypes, [b.batch, 1], "int32"));
      return [o.mean.dataSync(), o.logVariance.dataSync()];
    });
    for (let i = 0; i < b.batch; i++) z4.push((mean4[i] - b.targets[i]) / Math.sqrt(Math.exp(logVar[i]) + b.targetSigmas[i] ** 2));
  }
  const m = z4.reduce((a, b) => a + b, 0) / z4.length;
  return { std: Math.sqrt(z4.reduce((s, x) => s + (x - m) ** 2, 0) / z4.length), mean: m, pairs: z4.length };
}
function trainMlpRegressor(c, trainRows2, testRows2, inputs, outputs, opts = {}) {
  const k = c.names.length;
  const spec = (n) => c.tokens[col(c, n)];
  const matrix = (rows, names, src) => tf19.tensor2d(rows.flatMap((r) => names.map((n) => {
    const v = src[r * k + col(c, n)];
    return Number.isFinite(v) ? (v - spec(n).center) / spec(n).scale : 0;
  })), [rows.length, names.length]);
  const hidden = opts.hidden ?? 128;
  const init = (a, b, seed) => tf19.variable(tf19.randomNormal([a, b], 0, Math.sqrt(1 / a), "float32", seed));
  const vars = tf19.tidy(() => [init(inputs.length, hidden, 1), tf19.variable(tf19.zeros([hidden])), init(hidden, hidden, 2), tf19.variable(tf19.zeros([hidden])), init(hidden, outputs.length, 3), tf19.variable(tf19.zeros([outputs.length]))]);
  const net = (x) => {
    const gelu = (h) => tf19.mul(tf19.mul(h, 0.5), tf19.add(1, tf19.erf(tf19.mul(h, Math.SQRT1_2))));
    const h1 = gelu(tf19.add(tf19.matMul(x, vars[0]), vars[1]));
    const h2 = gelu(tf19.add(tf19.matMul(h1, vars[2]), vars[3]));
    return tf19.add(tf19.matMul(h2, vars[4]), vars[5]);
  };
  const X = matrix(trainRows2, inputs, c.values);
  const Y = matrix(trainRows2, outputs, c.values);
  const optimizer = new AdamWStep(vars, { weightDecay: 1e-4 });
  const rand = mulberry32(opts.seed ?? 5);
  const steps2 = opts.steps ?? 2e3;
  const bs = opts.batchSize ?? 128;
  for (let step = 0; step < steps2; step++) {
    const idx = Array.from({ length: bs }, () => Math.floor(rand() * trainRows2.length));
    const lr2 = (opts.learningRate ?? 2e-3) * 0.5 * (1 + Math.cos(Math.PI * step / steps2));
    tf19.tidy(() => {
      const ids = tf19.tensor1d(idx, "int32");
      const { grads } = tf19.variableGrads(() => tf19.mean(tf19.square(tf19.sub(net(tf19.gather(X, ids)), tf19.gather(Y, ids)))), vars);
      optimizer.apply(grads, lr2);
    });
  }
  const pred = tf19.tidy(() => net(matrix(testRows2, inputs, c.values)).arraySync());
  tf19.dispose([X, Y, ...vars]);
  optimizer.dispose();
  return outputs.map((n, o) => {
    const p = pred.map((row) => row[o] * spec(n).scale + spec(n).center);
    const truth = testRows2.map((r) => c.truth[r * k + col(c, n)]);
    return { name: n, mean: p, rmse: rms(p.map((x, i) => x - truth[i])) };
  });
}

// packages/stellar-foundation/scripts/demo.ts
var steps = Number(process.env.DEMO_STEPS ?? 1500);
var groupDropout = Number(process.env.DEMO_GROUP_DROPOUT ?? 0.5);
var log2 = (...a) => console.log(...a);
var f = (x, d = 3) => x.toFixed(d);
await initBackend({ backend: "wasm" });
var train = makeStellarCatalogue({ stars: Number(process.env.DEMO_TRAIN ?? 4e3), seed: 1 });
var test0 = makeStellarCatalogue({ stars: Number(process.env.DEMO_TEST ?? 800), seed: 2 });
var test = { ...test0, tokens: train.tokens };
var spectrum = train.groups.spectrum;
var NEVER = ["flux_040", "J_K"];
var requestable = train.names.filter((n) => !NEVER.includes(n));
log2(`catalogue: ${train.stars} training + ${test.stars} held-out stars, ${train.names.length} types (5 labels, 3 colours, ${spectrum.length} spectral bins)`);
var model = createFoundationModel(foundationConfig(train.tokens, { preset: "small" }), { seed: 1 });
var paper = createFoundationModel(foundationConfig(train.tokens, { preset: "paper" }));
log2(`small preset: ${model.parameterCount()} parameters; paper preset: ${paper.parameterCount()}`);
paper.dispose();
var t0 = Date.now();
var { losses } = trainFoundationModel(model, train, {
  steps,
  batchSize: 64,
  requestsPerStar: 8,
  learningRate: 2e-3,
  minLearningRate: 1e-5,
  restartPeriod: Math.ceil(steps / 3),
  requestable,
  inputGroups: [train.groups.labels, train.groups.colours, spectrum],
  groupDropout,
  onStep: (s, l, lr2) => {
    if (s % 100 === 0 || s === steps - 1) log2(`step ${s}  loss ${f(l)}  lr ${lr2.toExponential(2)}  ${f((Date.now() - t0) / 1e3, 0)} s`);
  }
});
var avg = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
log2(`training: ${steps} steps \xD7 64 stars \xD7 8 requests, ${f((Date.now() - t0) / 1e3, 0)} s; mean loss first/last 50 steps ${f(avg(losses.slice(0, 50)))} / ${f(avg(losses.slice(-50)))}`);
model.training = { steps, batchSize: 64, requestsPerStar: 8, groupDropout, catalogue: { stars: train.stars, seed: 1 }, neverRequested: NEVER };
var LABELS = ["Teff", "logg", "M_H"];
var labelled = new Set(completeRows(train, LABELS));
var trainRows = completeRows(train, spectrum, 7 / 8).filter((r) => labelled.has(r));
var testRows = completeRows(test, spectrum, 7 / 8);
var fm = ask(model, test, testRows, spectrum, LABELS);
var mlp = trainMlpRegressor(train, trainRows, testRows, spectrum, LABELS, { steps: 3e3 });
log2(`
1. spectra \u2192 labels (${testRows.length} held-out stars with \u2265 56 of 64 bins; MLP trained on ${trainRows.length} stars with spectra and labels)`);
log2("label   foundation RMSE   MLP RMSE   ratio   population sd   median \u03C3_pred");
fm.forEach((r, i) => log2(`${r.name.padEnd(7)} ${f(r.rmse, 3).padStart(12)} ${f(mlp[i].rmse, 3).padStart(10)} ${f(r.rmse / mlp[i].rmse, 2).padStart(7)} ${f(r.spread, 3).padStart(12)} ${f(r.medianSigma, 3).padStart(12)}`));
var withLabels = new Set(completeRows(test, ["Teff", "logg", "M_H", "alpha_M"]));
var specRows = testRows.filter((r) => withLabels.has(r));
var noise = specRows.map((r) => test.sigmas[r * test.names.length + test.names.indexOf("flux_020")]).filter(Number.isFinite).sort((a, b) => a - b);
var medianNoise = noise[Math.floor(noise.length / 2)];
var l2s = ask(model, test, specRows, ["Teff", "logg", "M_H", "alpha_M"], spectrum);
var half = spectrum.length / 2;
var inpaint = ask(model, test, specRows, spectrum.slice(0, half), spectrum.slice(half));
var flatRms = (rs) => Math.sqrt(rs.reduce((s, r) => s + r.rmse ** 2, 0) / rs.length);
var spread = (rs) => Math.sqrt(rs.reduce((s, r) => s + r.spread ** 2, 0) / rs.length);
log2(`
2. spectra from labels and inpainting (${specRows.length} stars; median per-bin noise \u03C3 of the data ${f(medianNoise, 4)})`);
log2(`labels (Teff, logg, [M/H], [\u03B1/M]) \u2192 64 bins: residual RMS ${f(flatRms(l2s), 4)}; bin-to-bin spread of the truth ${f(spread(l2s), 4)}; worst bin ${l2s.reduce((a, b) => b.rmse > a.rmse ? b : a).name} ${f(Math.max(...l2s.map((r) => r.rmse)), 4)}`);
log2(`bins 0\u201331 \u2192 bins 32\u201363: residual RMS ${f(flatRms(inpaint), 4)}; spread ${f(spread(inpaint), 4)}`);
log2(`median \u03C3_pred: labels\u2192spectrum ${f(l2s[20].medianSigma, 4)} (flux_020), inpainting ${f(inpaint[10].medianSigma, 4)} (flux_042)`);
log2("\n3. Kiel probe: logg requested given Teff (and [M/H] = \u22120.2)");
var grid = [4e3, 4250, 4500, 4750, 5e3, 5250, 5500, 5750, 6e3, 6250, 6500];
model.perceive(grid.map((t) => [t, -0.2]), grid.map(() => ["Teff", "M_H"]));
var kiel = model.request("logg");
model.forget();
log2("Teff   logg \xB1 \u03C3");
grid.forEach((t, i) => log2(`${t}   ${f(kiel.mean[i], 2)} \xB1 ${f(kiel.sigma[i], 2)}`));
var allRows = Array.from({ length: test.stars }, (_, i) => i);
var z3 = zScoreStd(model, test, allRows, { pairs: 4096, requestable });
log2(`
4. calibration: z = (\u0177 \u2212 y_obs)/\u221A(\u03C3_pred\xB2 + \u03C3_known\xB2) over ${z3.pairs} random held-out (inputs, request) pairs: std ${f(z3.std)}, mean ${f(z3.mean)}`);
var zTrue = fm.map((r) => Math.sqrt(r.mean.reduce((s, m, i) => s + ((m - r.truth[i]) / r.sigma[i]) ** 2, 0) / r.mean.length));
log2(`spectra \u2192 labels, (\u0177 \u2212 y_true)/\u03C3_pred RMS: ${fm.map((r, i) => `${r.name} ${f(zTrue[i], 2)}`).join(", ")}`);
var withAv = new Set(completeRows(test, ["A_V"]));
var avRows = testRows.filter((r) => withAv.has(r));
var informative = ask(model, test, avRows, spectrum, ["Teff"])[0];
var uninformative = ask(model, test, avRows, ["A_V"], ["Teff"])[0];
var fewBins = ask(model, test, avRows, spectrum.filter((_, i) => i % 8 === 0), ["Teff"])[0];
log2(`\u03C3_pred(Teff): median ${f(informative.medianSigma, 0)} K from the 64-bin spectrum; ${f(fewBins.medianSigma, 0)} K from 8 bins (RMSE ${f(fewBins.rmse, 0)} K); ${f(uninformative.medianSigma, 0)} K from A_V alone (uninformative; RMSE ${f(uninformative.rmse, 0)} K); population sd ${f(uninformative.spread, 0)} K`);
var neverRows = completeRows(test, ["Teff", "logg", "M_H", "alpha_M", "A_V", "BP_RP", "G_K", "flux_039", "flux_041"], 0.75);
var never = ask(model, test, neverRows, ["Teff", "logg", "M_H", "alpha_M", "A_V", "BP_RP", "G_K"], ["flux_039", "flux_040", "flux_041", "J_K"]);
log2(`
5. requests never made in training (flux_040, J_K), given the labels and two colours (${neverRows.length} stars)`);
never.forEach((r) => log2(`${r.name.padEnd(9)} RMSE ${f(r.rmse, 4)}  population sd ${f(r.spread, 4)}  median \u03C3_pred ${f(r.medianSigma, 4)}${NEVER.includes(r.name) ? "  (never requested)" : ""}`));
var lr = ask(model, test, neverRows, ["Teff", "logg", "M_H", "alpha_M", "A_V", "BP_RP", "G_K", "flux_039", "flux_041"], ["flux_040"])[0];
log2(`flux_040 given also its neighbours flux_039, flux_041: RMSE ${f(lr.rmse, 4)}`);
log2(`
tensors alive at the end: ${tf20.memory().numTensors}; wall time ${f((Date.now() - t0) / 1e3, 0)} s`);
