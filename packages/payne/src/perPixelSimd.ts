import { PER_PIXEL_NETWORK_WASM_BASE64 } from './simd/perPixelNetworkWasm';

/**
 * The per-pixel Payne network on the host as one float64 SIMD WebAssembly kernel (src/simd/perPixelNetwork.wat): two
 * hidden units per f64x2, e^x by a Taylor series after Cody–Waite reduction (relative error < 2e-16, so values and
 * Jacobians equal the JavaScript loops to ≈ 1e-15). ≈ 2× cheaper than those loops, which spend most of their time in
 * Math.exp. One instance (its own memory holding the packed weights) per network.
 */
export interface PerPixelKernel {
  /**
   * flux (length P) at `pixels` (default all; the others stay 0) for the scaled labels x, and with `jacobian` (L
   * arrays of length P) ∂flux/∂label_k = (∂flux/∂x_k)·inv_k written at those pixels.
   */
  predict(
    x: Float64Array,
    inv: Float64Array,
    jacobian: Float64Array[] | undefined,
    pixels: Int32Array | undefined,
  ): Float64Array;
}

interface Exports {
  memory: WebAssembly.Memory;
  perPixel(
    w: number,
    b1: number,
    x: number,
    inv: number,
    g: number,
    pix: number,
    count: number,
    P: number,
    L: number,
    pairs: number,
    flux: number,
    jac: number,
  ): void;
}

let compiled: WebAssembly.Module | null | undefined;

function wasmModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = Uint8Array.from(atob(PER_PIXEL_NETWORK_WASM_BASE64), (c) => c.charCodeAt(0));
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Whether the kernel is off by request (ASTROEMU_WASM_SIMD=0, as for the attention kernels). */
function disabled(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.ASTROEMU_WASM_SIMD === '0';
}

/**
 * The kernel for a network with weights w0 (P, H, L), b0 (P, H), w1 (P, H), b1 (P), float64; undefined where
 * WebAssembly SIMD is unavailable or turned off.
 */
export function createPerPixelKernel(
  w0: Float64Array,
  b0: Float64Array,
  w1: Float64Array,
  b1: Float64Array,
  P: number,
  H: number,
  L: number,
): PerPixelKernel | undefined {
  if (disabled()) return undefined;
  const mod = wasmModule();
  if (!mod) return undefined;
  const pairs = Math.ceil(H / 2);
  const stride = 4 + 2 * L; // float64 per pair of hidden units
  // layout (bytes, 16-aligned): weights | b1 | x (L × 16) | inv (L × 8) | g (L × 16) | pixels (P × 4) | flux | jacobian
  const align = (n: number) => Math.ceil(n / 16) * 16;
  const at = { w: 0, b1: 0, x: 0, inv: 0, g: 0, pix: 0, flux: 0, jac: 0, end: 0 };
  at.b1 = align(at.w + P * pairs * stride * 8);
  at.x = align(at.b1 + P * 8);
  at.inv = align(at.x + L * 16);
  at.g = align(at.inv + L * 8);
  at.pix = align(at.g + L * 16);
  at.flux = align(at.pix + P * 4);
  at.jac = align(at.flux + P * 8);
  at.end = at.jac + L * P * 8;
  const instance = new WebAssembly.Instance(mod, {});
  const ex = instance.exports as unknown as Exports;
  const pages = Math.ceil(at.end / 65536) - ex.memory.buffer.byteLength / 65536;
  if (pages > 0) ex.memory.grow(pages);
  const heap = new Float64Array(ex.memory.buffer);
  // pack the weights: per pixel, per pair of hidden units [b0 pair][w1 pair][w0 pair of each label]; the padding unit
  // of an odd H has all-zero weights (its w1 = 0: no contribution)
  const w = at.w / 8;
  for (let p = 0; p < P; p++)
    for (let h = 0; h < H; h++) {
      const o = w + (p * pairs + (h >> 1)) * stride + (h & 1);
      const ph = p * H + h;
      heap[o] = b0[ph]!;
      heap[o + 2] = w1[ph]!;
      for (let k = 0; k < L; k++) heap[o + 4 + 2 * k] = w0[ph * L + k]!;
    }
  heap.set(b1, at.b1 / 8);
  const pix = new Int32Array(ex.memory.buffer, at.pix, P);
  const all = Int32Array.from({ length: P }, (_, p) => p);
  const x2 = new Float64Array(ex.memory.buffer, at.x, 2 * L);
  const invView = new Float64Array(ex.memory.buffer, at.inv, L);
  const fluxView = new Float64Array(ex.memory.buffer, at.flux, P);
  const jacView = new Float64Array(ex.memory.buffer, at.jac, L * P);
  return {
    predict(x, inv, jacobian, pixels) {
      const list = pixels ?? all;
      for (let k = 0; k < L; k++) {
        x2[2 * k] = x[k]!;
        x2[2 * k + 1] = x[k]!;
        invView[k] = inv[k]!;
      }
      pix.set(list);
      ex.perPixel(at.w, at.b1, at.x, at.inv, at.g, at.pix, list.length, P, L, pairs, at.flux, jacobian ? at.jac : 0);
      const flux = new Float64Array(P);
      if (!pixels) {
        flux.set(fluxView);
        jacobian?.forEach((J, k) => J.set(jacView.subarray(k * P, (k + 1) * P)));
      } else {
        for (let i = 0; i < list.length; i++) flux[list[i]!] = fluxView[list[i]!]!;
        jacobian?.forEach((J, k) => {
          const o = k * P;
          for (let i = 0; i < list.length; i++) J[list[i]!] = jacView[o + list[i]!]!;
        });
      }
      return flux;
    },
  };
}
