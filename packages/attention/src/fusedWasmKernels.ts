import * as tf from '@tensorflow/tfjs';
import { FUSED_KERNELS_WASM_BASE64 } from './simd/fusedKernelsWasm';

/**
 * Fused LayerNorm, ResiDual residual + LayerNorm and tanh-GELU kernels (forward and backward) for the wasm backend:
 * each is one SIMD pass of a small WebAssembly module (src/simd/fusedKernels.wat) that imports tfjs-backend-wasm's
 * own memory and reads and writes the tensors in place, where tf's ops take 6–14 kernels (each a dispatch through the
 * engine plus a pass over the data). They are registered kernels with registered gradients, so tf's autodiff calls
 * the backward kernels; the LayerNorm backward recomputes the row statistics from the saved input and the GELU
 * backward takes σ = y/x from the saved input and output, instead of keeping intermediates. Other backends keep the tf-op forms (layerNorm.ts, gelu.ts).
 */

/** The exports of fusedKernels.wat; every pointer is a byte offset into the backend's heap. */
interface FusedExports {
  geluTanh(x: number, y: number, n: number): void;
  geluTanhGradFromY(x: number, y: number, dy: number, dx: number, n: number): void;
  layerNorm(x: number, g: number, b: number, y: number, rows: number, dim: number, eps: number): void;
  residualLayerNorm(
    a: number,
    aRows: number,
    d: number,
    c: number,
    cRows: number,
    g: number,
    b: number,
    pre: number,
    post: number,
    rows: number,
    dim: number,
    eps: number,
  ): void;
  batchedMatMul(a: number, b: number, c: number, batch: number, m: number, k: number, n: number): void;
  matMulTN(a: number, b: number, c: number, k: number, m: number, n: number): void;
  groupSoftmax(x: number, y: number, groups: number, t: number): void;
  groupSoftmaxGrad(y: number, dy: number, dx: number, groups: number, t: number): void;
  transpose(x: number, y: number, n: number, r: number, c: number): void;
  sumRows(x: number, acc: number, out: number, rows: number, dim: number): void;
  layerNormGrad(
    a: number,
    aRows: number,
    d: number,
    dy: number,
    dpre: number,
    g: number,
    dx: number,
    dg: number,
    db: number,
    rows: number,
    dim: number,
    eps: number,
  ): void;
}

/** The members of tfjs-backend-wasm's BackendWasm used here. */
interface WasmBackend {
  wasm?: { asm?: { memory?: unknown } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  getMemoryOffset(dataId: object): number;
  disposeData(dataId: object): boolean;
}

const GELU_TANH = 'AstroemuGeluTanh';
const GELU_TANH_GRAD = 'AstroemuGeluTanhGrad';
const LAYER_NORM = 'AstroemuLayerNorm';
const RESIDUAL_LAYER_NORM = 'AstroemuResidualLayerNorm';
const LAYER_NORM_GRAD = 'AstroemuLayerNormGrad';
const SUM_ROWS = 'AstroemuSumRows';
const TRANSPOSE = 'AstroemuTransposeLast2x4';
const SMALL_MAT_MUL = 'AstroemuSmallBatchedMatMul';
const MAT_MUL_TN = 'AstroemuMatMulTN';
const GROUP_SOFTMAX = 'AstroemuGroupSoftmax';
const GROUP_SOFTMAX_GRAD = 'AstroemuGroupSoftmaxGrad';

const instances = new WeakMap<object, FusedExports>();
let wasmModule: WebAssembly.Module | undefined;

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** The kernels instantiated on the backend's heap (one instance per heap; growth of the heap is seen by both). */
function kernelsOf(backend: WasmBackend): FusedExports {
  const memory = backend.wasm?.asm?.memory as WebAssembly.Memory;
  let k = instances.get(memory);
  if (k === undefined) {
    wasmModule ??= new WebAssembly.Module(decodeBase64(FUSED_KERNELS_WASM_BASE64) as BufferSource);
    k = new WebAssembly.Instance(wasmModule, { env: { memory } }).exports as unknown as FusedExports;
    instances.set(memory, k);
  }
  return k;
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

const size = (t: tf.TensorInfo): number => t.shape.reduce((s, d) => s * d, 1);

function geluTanhKernel({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const b = backend as WasmBackend;
  const x = inputs.x!;
  const y = b.makeOutput([...x.shape], 'float32');
  kernelsOf(b).geluTanh(b.getMemoryOffset(x.dataId), b.getMemoryOffset(y.dataId), size(x));
  return y;
}

/** The backward from x and the forward's output y = x·σ(z) (σ = y/x: no exp; 0.5 ms against 1.8 ms recomputing it). */
function geluTanhGradKernel({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const b = backend as WasmBackend;
  const { x, y, dy } = inputs as { x: tf.TensorInfo; y: tf.TensorInfo; dy: tf.TensorInfo };
  const dx = b.makeOutput([...x.shape], 'float32');
  const off = (t: tf.TensorInfo): number => b.getMemoryOffset(t.dataId);
  kernelsOf(b).geluTanhGradFromY(off(x), off(y), off(dy), off(dx), size(x));
  return dx;
}

function layerNormKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const b = backend as WasmBackend;
  const { x, scale, bias } = inputs as { x: tf.TensorInfo; scale: tf.TensorInfo; bias: tf.TensorInfo };
  const dim = x.shape[x.shape.length - 1]!;
  const y = b.makeOutput([...x.shape], 'float32');
  const off = (t: tf.TensorInfo): number => b.getMemoryOffset(t.dataId);
  kernelsOf(b).layerNorm(off(x), off(scale), off(bias), off(y), size(x) / dim, dim, attrs!.epsilon as number);
  return y;
}

function residualLayerNormKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const b = backend as WasmBackend;
  const { a, d, c, scale, bias } = inputs as Record<'a' | 'd' | 'c' | 'scale' | 'bias', tf.TensorInfo>;
  const dim = d.shape[d.shape.length - 1]!;
  const pre = b.makeOutput([...d.shape], 'float32');
  const post = b.makeOutput([...d.shape], 'float32');
  const off = (t: tf.TensorInfo): number => b.getMemoryOffset(t.dataId);
  kernelsOf(b).residualLayerNorm(
    off(a),
    size(a) / dim,
    off(d),
    off(c),
    size(c) / dim,
    off(scale),
    off(bias),
    off(pre),
    off(post),
    size(d) / dim,
    dim,
    attrs!.epsilon as number,
  );
  return [pre, post];
}

/** inputs a, dy, scale and optionally d (x = a + d) and dpre (added to dx); outputs dx, dScale, dBias. */
function layerNormGradKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const b = backend as WasmBackend;
  const { a, d, dy, dpre, scale } = inputs as Record<'a' | 'dy' | 'scale', tf.TensorInfo> &
    Partial<Record<'d' | 'dpre', tf.TensorInfo>>;
  const dim = dy.shape[dy.shape.length - 1]!;
  const dx = b.makeOutput([...dy.shape], 'float32');
  const dScale = b.makeOutput([dim], 'float32');
  const dBias = b.makeOutput([dim], 'float32');
  const off = (t: tf.TensorInfo | undefined): number => (t === undefined ? 0 : b.getMemoryOffset(t.dataId));
  kernelsOf(b).layerNormGrad(
    off(a),
    size(a) / dim,
    off(d),
    off(dy),
    off(dpre),
    off(scale),
    off(dx),
    off(dScale),
    off(dBias),
    size(dy) / dim,
    dim,
    attrs!.epsilon as number,
  );
  return [dx, dScale, dBias];
}

function sumRowsKernel({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const b = backend as WasmBackend;
  const x = inputs.x!;
  const dim = x.shape[x.shape.length - 1]!;
  const out = b.makeOutput([dim], 'float32');
  const acc = b.makeOutput([2 * dim], 'float32'); // dim float64 accumulators
  const off = (t: tf.TensorInfo): number => b.getMemoryOffset(t.dataId);
  kernelsOf(b).sumRows(off(x), off(acc), off(out), size(x) / dim, dim);
  b.disposeData(acc.dataId);
  return out;
}

function transposeKernel({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const b = backend as WasmBackend;
  const x = inputs.x!;
  const rank = x.shape.length;
  const r = x.shape[rank - 2]!;
  const c = x.shape[rank - 1]!;
  const y = b.makeOutput([...x.shape.slice(0, -2), c, r], 'float32');
  kernelsOf(b).transpose(b.getMemoryOffset(x.dataId), b.getMemoryOffset(y.dataId), size(x) / (r * c), r, c);
  return y;
}

function smallBatchedMatMulKernel({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const b = backend as WasmBackend;
  const { a, b: bm } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const [batch, m, k] = a.shape as [number, number, number];
  const n = bm.shape[2]!;
  const c = b.makeOutput([batch, m, n], 'float32');
  const off = (t: tf.TensorInfo): number => b.getMemoryOffset(t.dataId);
  kernelsOf(b).batchedMatMul(off(a), off(bm), off(c), batch, m, k, n);
  return c;
}

function matMulTNKernel({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const b = backend as WasmBackend;
  const { a, b: bm } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const [k, m] = a.shape as [number, number];
  const n = bm.shape[1]!;
  const c = b.makeOutput([m, n], 'float32');
  const off = (t: tf.TensorInfo): number => b.getMemoryOffset(t.dataId);
  kernelsOf(b).matMulTN(off(a), off(bm), off(c), k, m, n);
  return c;
}

function groupSoftmaxKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const b = backend as WasmBackend;
  const x = inputs.x!;
  const group = attrs!.group as number;
  const y = b.makeOutput([...x.shape], 'float32');
  kernelsOf(b).groupSoftmax(b.getMemoryOffset(x.dataId), b.getMemoryOffset(y.dataId), size(x) / group, group);
  return y;
}

function groupSoftmaxGradKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const b = backend as WasmBackend;
  const { y, dy } = inputs as { y: tf.TensorInfo; dy: tf.TensorInfo };
  const group = attrs!.group as number;
  const dx = b.makeOutput([...y.shape], 'float32');
  const off = (t: tf.TensorInfo): number => b.getMemoryOffset(t.dataId);
  kernelsOf(b).groupSoftmaxGrad(off(y), off(dy), off(dx), size(y) / group, group);
  return dx;
}

const run = (name: string, inputs: tf.NamedTensorMap, attrs?: tf.NamedAttrMap): tf.Tensor | tf.Tensor[] =>
  tf.engine().runKernel(name, inputs, attrs) as tf.Tensor | tf.Tensor[];

/**
 * Σ of g [..., N] down to the shape of x, whose values were broadcast over g's leading axes (x [1, …, 1, rest]).
 * Always a new tensor object (a Reshape shares the data): tf's backprop disposes a gradient when it adds another one
 * to it, so one tensor must never be the gradient of two inputs.
 */
function sumToShape(g: tf.Tensor, shape: number[]): tf.Tensor {
  const n = shape.reduce((p, q) => p * q, 1);
  if (g.size === n) return tf.reshape(g, shape);
  return tf.sum(g.reshape([g.size / n, n]), 0).reshape(shape);
}

function register(): void {
  const add = (kernelName: string, kernelFunc: unknown): void => {
    if (tf.getKernel(kernelName, 'wasm') === undefined)
      tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc });
  };
  add(GELU_TANH, geluTanhKernel);
  add(GELU_TANH_GRAD, geluTanhGradKernel);
  add(LAYER_NORM, layerNormKernel);
  add(RESIDUAL_LAYER_NORM, residualLayerNormKernel);
  add(LAYER_NORM_GRAD, layerNormGradKernel);
  add(SUM_ROWS, sumRowsKernel);
  add(TRANSPOSE, transposeKernel);
  add(SMALL_MAT_MUL, smallBatchedMatMulKernel);
  add(MAT_MUL_TN, matMulTNKernel);
  add(GROUP_SOFTMAX, groupSoftmaxKernel);
  add(GROUP_SOFTMAX_GRAD, groupSoftmaxGradKernel);
  tf.registerGradient({
    kernelName: GROUP_SOFTMAX,
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const dx = run(GROUP_SOFTMAX_GRAD, { y: saved[0]!, dy: dy as tf.Tensor }, attrs) as tf.Tensor;
      return { x: () => dx };
    },
  });
  tf.registerGradient({
    kernelName: TRANSPOSE,
    gradFunc: (dy) => ({ x: () => run(TRANSPOSE, { x: dy as tf.Tensor }) as tf.Tensor }),
  });
  tf.registerGradient({
    kernelName: SUM_ROWS,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.broadcastTo(dy as tf.Tensor, saved[0]!.shape) }),
  });
  tf.registerGradient({
    kernelName: GELU_TANH,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const dx = run(GELU_TANH_GRAD, { x: saved[0]!, y: saved[1]!, dy: dy as tf.Tensor }) as tf.Tensor;
      return { x: () => dx };
    },
  });
  tf.registerGradient({
    kernelName: LAYER_NORM,
    inputsToSave: ['x', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const [x, scale] = saved as [tf.Tensor, tf.Tensor];
      const [dx, dScale, dBias] = run(LAYER_NORM_GRAD, { a: x, dy: dy as tf.Tensor, scale }, attrs) as tf.Tensor[];
      return { x: () => dx!, scale: () => dScale!, bias: () => dBias! };
    },
  });
  tf.registerGradient({
    kernelName: RESIDUAL_LAYER_NORM,
    inputsToSave: ['a', 'd', 'scale'], // c only for its shape (an attribute): one clone less
    gradFunc: (dys, saved, attrs) => {
      const [dPre, dPost] = dys as tf.Tensor[];
      const [a, d, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
      const [ds, dScale, dBias] = run(LAYER_NORM_GRAD, { a, d, dy: dPost!, dpre: dPre!, scale }, attrs) as tf.Tensor[];
      return {
        d: () => ds!,
        a: () => sumToShape(ds!, a.shape),
        c: () => sumToShape(dPre!, attrs.cShape as number[]),
        scale: () => dScale!,
        bias: () => dBias!,
      };
    },
  });
}

let registered = false;
let unavailable = false;
let readyBackend: WasmBackend | undefined;

/** ASTROEMU_WASM_SIMD=0 turns the fused kernels off (A/B measurements; Node only). */
const disabledByEnv =
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.ASTROEMU_WASM_SIMD === '0';

/** Whether the fused kernels run here (the active backend is tfjs-backend-wasm with its heap reachable). */
export function fusedWasmKernelsReady(): boolean {
  if (tf.getBackend() !== 'wasm' || disabledByEnv || unavailable) return false;
  const backend = tf.backend() as unknown as WasmBackend;
  if (backend === readyBackend) return true;
  const memory = backend.wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return false;
  try {
    // compiled synchronously: a browser's main thread refuses that for modules over 4 kB (this one is ≈ 4.5 kB);
    // there, and wherever else instantiation fails, the tf-op forms run (workers compile it fine)
    kernelsOf(backend);
  } catch {
    unavailable = true;
    return false;
  }
  if (!registered) {
    register();
    registered = true;
  }
  readyBackend = backend;
  return true;
}

const fusable = (...ts: tf.Tensor[]): boolean => ts.every((t) => t.dtype === 'float32');

/** tanh GELU as one fused kernel (wasm); undefined when it cannot run here (the caller keeps the tf-op form). */
export function fusedGeluTanh(x: tf.Tensor): tf.Tensor | undefined {
  if (x.size < 4 || !fusable(x) || !fusedWasmKernelsReady()) return undefined;
  return run(GELU_TANH, { x }) as tf.Tensor;
}

/** LayerNorm with scale and bias over the last axis as one fused kernel (wasm; last axis a multiple of 4). */
export function fusedLayerNorm(
  x: tf.Tensor,
  scale: tf.Tensor,
  bias: tf.Tensor,
  epsilon: number,
): tf.Tensor | undefined {
  const dim = x.shape[x.rank - 1]!;
  if (dim % 4 !== 0 || dim === 0 || !fusable(x, scale, bias) || !fusedWasmKernelsReady()) return undefined;
  return run(LAYER_NORM, { x, scale, bias }, { epsilon }) as tf.Tensor;
}

/** Σ of x [..., N] over every leading axis → [N] as one SIMD kernel (float64 sums; wasm, N a multiple of 4). */
export function fusedSumRows(x: tf.Tensor): tf.Tensor | undefined {
  const dim = x.shape[x.rank - 1]!;
  if (x.rank < 1 || dim % 4 !== 0 || x.size === 0 || !fusable(x) || !fusedWasmKernelsReady()) return undefined;
  return run(SUM_ROWS, { x }) as tf.Tensor;
}

/**
 * x [..., r, c] → [..., c, r] as one SIMD kernel of 4 × 4 register transposes (wasm; r and c multiples of 4):
 * ≈ 0.3 ms for [6 352, 128] where wasm's Transpose takes ≈ 1.4 ms.
 */
export function fusedTransposeLast2(x: tf.Tensor): tf.Tensor | undefined {
  if (x.rank < 2 || x.size === 0 || !fusable(x) || !fusedWasmKernelsReady()) return undefined;
  if (x.shape[x.rank - 1]! % 4 !== 0 || x.shape[x.rank - 2]! % 4 !== 0) return undefined;
  return run(TRANSPOSE, { x }) as tf.Tensor;
}

/**
 * a [n, m, k] · b [n, k, p] (p a multiple of 8, no gradient: the callers' custom gradients call it) as one SIMD
 * kernel: the attention's products, whose k or p is heads × tokens, cost more in n XNNPACK calls (a copy of each
 * slice, an operator and a packing each) than in this loop.
 */
export function fusedSmallBatchedMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor | undefined {
  if (a.rank !== 3 || b.rank !== 3 || b.shape[2]! % 8 !== 0 || !fusable(a, b) || !fusedWasmKernelsReady())
    return undefined;
  return run(SMALL_MAT_MUL, { a, b }) as tf.Tensor;
}

/**
 * aᵀ · b for a [k, m], b [k, n] (m a multiple of 4, n of 8; no gradient: the backward products call it) as one SIMD
 * kernel: the dense layers' weight gradients xᵀ·dY, without the transpose of x a plain product needs and without
 * XNNPACK's packing of the right operand (dY, new on every call). Undefined when it cannot run here.
 */
export function fusedMatMulTN(a: tf.Tensor, b: tf.Tensor): tf.Tensor | undefined {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[0] !== b.shape[0] || a.size === 0 || b.size === 0) return undefined;
  if (a.shape[1]! % 4 !== 0 || b.shape[1]! % 8 !== 0 || !fusable(a, b) || !fusedWasmKernelsReady()) return undefined;
  return run(MAT_MUL_TN, { a, b }) as tf.Tensor;
}

/**
 * Softmax over each group of `group` consecutive values of x's last axis (x [..., G·group]; group a multiple of 4)
 * as one SIMD kernel each way (wasm); undefined when it cannot run here.
 */
export function fusedGroupSoftmax(x: tf.Tensor, group: number): tf.Tensor | undefined {
  if (x.rank < 1 || group % 4 !== 0 || group === 0 || x.shape[x.rank - 1]! % group !== 0) return undefined;
  if (x.size === 0 || !fusable(x) || !fusedWasmKernelsReady()) return undefined;
  return run(GROUP_SOFTMAX, { x }, { group }) as tf.Tensor;
}

/** Whether x's values repeat over the leading axes of `full` (x's shape is ones then a suffix of full's shape). */
function broadcastsAsRows(x: tf.Tensor, full: tf.Tensor): boolean {
  if (x.rank > full.rank) return false;
  const lead = full.rank - x.rank;
  let i = 0;
  while (i < x.rank && x.shape[i] === 1 && full.shape[lead + i] !== 1) i++;
  for (; i < x.rank; i++) if (x.shape[i] !== full.shape[lead + i]) return false;
  return true;
}

/**
 * The ResiDual sub-layer step s = a + d, pre = c + s, post = LayerNorm(s) as one fused kernel (wasm); a and c may
 * be broadcast over d's leading axes. Undefined when it cannot run here.
 */
export function fusedResidualLayerNorm(
  a: tf.Tensor,
  d: tf.Tensor,
  c: tf.Tensor,
  scale: tf.Tensor,
  bias: tf.Tensor,
  epsilon: number,
): { pre: tf.Tensor; post: tf.Tensor } | undefined {
  const dim = d.shape[d.rank - 1]!;
  if (
    dim % 4 !== 0 ||
    dim === 0 ||
    !fusable(a, d, c, scale, bias) ||
    !broadcastsAsRows(a, d) ||
    !broadcastsAsRows(c, d) ||
    !fusedWasmKernelsReady()
  )
    return undefined;
  const [pre, post] = run(RESIDUAL_LAYER_NORM, { a, d, c, scale, bias }, { epsilon, cShape: c.shape }) as tf.Tensor[];
  return { pre: pre!, post: post! };
}
