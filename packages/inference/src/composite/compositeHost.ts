import { hasHostJacobian, type Emulator, type HostJacobian } from '@astroemu/emulator-core';
import type { ApogeeContinuumOperator } from '@astroemu/grid-io';
import { apogeeContinuumCoefficients, apogeeContinuumInto } from '../apogeeContinuumInto';
import {
  evalExpr,
  evalExprGradient,
  type CompositeModelSpec,
  type ExprValue,
  type HostRegressor,
} from './compositeSpec';

const C_KMS = 299792.458;

/** A composite model's flux at one θ, per exposure, and (when asked) ∂flux/∂θ_j per exposure (undefined = zero). */
export interface HostCompositeEvaluation {
  flux: Float64Array[];
  jacobian?: (Float64Array | undefined)[][];
}

/** What the host evaluator needs from a CompositeModel (its spec bound to emulators, regressors and exposures). */
export interface HostCompositeContext {
  spec: CompositeModelSpec;
  emulators: Record<string, Emulator>;
  regressors: Record<string, HostRegressor>;
  observed: Float64Array[];
  continuum: (ApogeeContinuumOperator | undefined)[];
  indexOf: (name: string, exposure: number) => number;
  /**
   * Screening: evaluate only these observed pixels per exposure (sorted); `continuum` must then be operators whose
   * continuum pixels lie inside the subset. Values only (no Jacobian); the other pixels of the output are 0.
   */
  subset?: Int32Array[];
}

/** Whether every emulator a spec uses offers float64 host evaluation with Jacobians (the per-pixel Payne does). */
export function supportsHostEvaluation(spec: CompositeModelSpec, emulators: Record<string, Emulator>): boolean {
  return spec.components.every(
    (c) =>
      hasHostJacobian(emulators[c.emulator]!) &&
      (c.continuumEmulator === undefined || hasHostJacobian(emulators[c.continuumEmulator]!)),
  );
}

interface PartialRestFrame {
  /** The labels (then the continuum labels) these spectra are for. */
  key: Float64Array;
  /** Rest-frame pixels computed so far, in `calls` network calls. */
  have: Uint8Array;
  calls: number;
  /** n ⊙ cont_e per exposure (at the pixels in `have`). */
  bases: Float64Array[];
  /** The continuum emulator's output at the continuum pixels. */
  u?: Float64Array;
  /** Per exposure: w · the shifted base at the subset's pixels, for velocity v and weight w. */
  contribution: { v: number; w: number; values: Float64Array }[];
}

interface RestFrame {
  /** The labels (then the continuum labels) these spectra are for. */
  key: Float64Array;
  /** n ⊙ cont_e (before the weight), per exposure. */
  base: Float64Array[];
  normalized: Float64Array;
  unnormalized?: Float64Array;
  /** Per label: ∂n/∂label (normalised emulator) and C_e(∂u/∂label) per exposure (continuum emulator). */
  dn?: Float64Array[];
  dcont?: Float64Array[][];
  cont?: Float64Array[];
}

/**
 * The composite model evaluated in float64 on the host for ONE θ, with the exact Jacobian by the chain rule:
 * emulator Jacobians (HostJacobian), expression gradients (forward mode through regressors), the continuum operator
 * (linear), the Doppler shift (linear interpolation: ∂/∂v is the local slope times ∂(λ/D(v))/∂v) and the final
 * normalisation F / C(F). Each component's rest-frame spectra are cached for the last label vector, so a velocity
 * scan costs only shifts.
 */
export class HostCompositeEvaluator {
  private readonly cache = new Map<number, RestFrame>();
  /** Pixels any exposure's continuum fit uses (a continuum emulator is evaluated there only). */
  private readonly continuumPixels: Int32Array | undefined;

  constructor(private readonly ctx: HostCompositeContext) {
    // A regressor's values for its last inputs are kept (a velocity scan re-evaluates the same labels every row).
    ctx.regressors = Object.fromEntries(Object.entries(ctx.regressors).map(([k, r]) => [k, recentValuesKept(r)]));
    const ops = ctx.continuum.filter((op): op is ApogeeContinuumOperator => op !== undefined);
    if (ops.length > 0) {
      const used = new Set<number>();
      for (const op of ops) for (const c of op.chips) c.used.forEach((u, j) => u && used.add(c.start + j));
      this.continuumPixels = Int32Array.from([...used].sort((a, b) => a - b));
    }
  }

  evaluate(theta: ArrayLike<number>, withJacobian = false): HostCompositeEvaluation {
    if (this.ctx.subset) {
      if (withJacobian) throw new Error('HostCompositeEvaluator: a pixel-subset (screening) evaluator has no Jacobian');
      return this.evaluateSubset(theta, this.ctx.subset);
    }
    const { spec, observed, continuum, indexOf, regressors } = this.ctx;
    const n = theta.length;
    const E = observed.length;
    const flux = observed.map((o) => new Float64Array(o.length));
    const jac: (Float64Array | undefined)[][] | undefined = withJacobian
      ? observed.map(() => new Array(n).fill(undefined))
      : undefined;
    spec.components.forEach((c, ci) => {
      // Values only (no gradients through the regressors) unless the Jacobian is asked for.
      const expr = (x: Parameters<typeof evalExprGradient>[0], e = 0): ExprValue =>
        withJacobian
          ? evalExprGradient(x, theta, indexOf, e, regressors)
          : { value: evalExpr(x, theta, indexOf, e, regressors), gradient: NO_GRADIENT };
      const labels = c.labels.map((x) => expr(x));
      const contLabels = c.continuumLabels?.map((x) => expr(x));
      const weight: ExprValue = c.weight === undefined ? constant(1, n) : expr(c.weight);
      const rest = this.restFrame(ci, labels, contLabels, withJacobian);
      const deps = withJacobian ? dependencies([...labels, ...(contLabels ?? []), weight], n) : [];
      const P = rest.normalized.length;
      const w = weight.value;
      // The network part of each dependency's rest-frame column, Σ_k w·∂label_k/∂θ_j · ∂n/∂label_k: the same for every
      // exposure, so it is summed once here (each exposure differs only by its continuum).
      const networkParts = deps.map((j, q) =>
        weightedSum(
          this.buffer(this.parts, q, P),
          labels.map((l) => w * l.gradient[j]!),
          rest.dn!,
        ),
      );
      for (let e = 0; e < E; e++) {
        const base = rest.base[e]!;
        const rv = expr(c.rv, e);
        const shift = this.shiftOf(ci, e, rv.value);
        addShifted(flux[e]!, shift, base, w);
        if (!jac) continue;
        const col = this.buffer(this.parts, deps.length, P);
        const cont = rest.cont?.[e];
        const dcont = rest.dcont?.[e];
        deps.forEach((j, q) => {
          const continuumPart =
            contLabels && dcont
              ? weightedSum(
                  this.buffer(this.parts, deps.length + 1, P),
                  contLabels.map((l) => w * l.gradient[j]!),
                  dcont,
                )
              : undefined;
          restColumnInto(col, weight.gradient[j]!, base, networkParts[q], cont, continuumPart, rest.normalized);
          addShifted((jac[e]![j] ??= new Float64Array(observed[e]!.length)), shift, col, 1);
        });
        for (let j = 0; j < n; j++) {
          const dv = rv.gradient[j]!;
          if (dv === 0) continue;
          const target = (jac[e]![j] ??= new Float64Array(observed[e]!.length));
          addShiftSlope(target, shift, base, w * dv);
        }
      }
    });
    if (spec.normalize === 'apogee') {
      for (let e = 0; e < E; e++) {
        const op = continuum[e]!;
        const F = flux[e]!;
        const CF = (this.scratch[e] ??= new Float64Array(F.length).fill(Number.NaN));
        apogeeContinuumInto(op, F, 0, CF, 0);
        if (jac) {
          // ∂(F/C(F)) = dF/C(F) − F·C(dF)/C(F)²
          const M = F.length;
          const inv = (this.inverse[e] ??= new Float64Array(M));
          const ratio = (this.ratio[e] ??= new Float64Array(M));
          for (let i = 0; i < M; i++) {
            inv[i] = 1 / CF[i]!;
            ratio[i] = F[i]! * inv[i]! * inv[i]!;
          }
          for (let j = 0; j < n; j++) {
            const dF = jac[e]![j];
            if (dF) normalizedColumnInPlace(op, dF, inv, ratio);
          }
        }
        for (let i = 0; i < F.length; i++) F[i] = F[i]! / CF[i]!;
      }
    }
    return jac ? { flux, jacobian: jac } : { flux };
  }

  /**
   * The model at the subset's pixels only: each component's networks are evaluated at the rest-frame pixels that the
   * subset's Doppler-shifted positions fall between (plus the continuum fit's pixels), so a screening evaluation
   * costs about the subset's share of a full one. No rest-frame cache (screening rows have distinct labels).
   */
  private evaluateSubset(theta: ArrayLike<number>, subset: Int32Array[]): HostCompositeEvaluation {
    const { spec, observed, continuum, indexOf, regressors } = this.ctx;
    const flux = observed.map((o) => new Float64Array(o.length));
    spec.components.forEach((c, ci) => {
      const val = (x: Parameters<typeof evalExpr>[0], e = 0) => evalExpr(x, theta, indexOf, e, regressors);
      const em = this.emulatorOf(c.emulator);
      const P = em.wavelength.fixed!.length;
      // Rest-frame values are kept per component for the last labels (a velocity scan adds only the new pixels), and
      // each exposure's shifted contribution for the last velocity and weight (a scan of another component's
      // velocity reuses it).
      const labels = c.labels.map((x) => val(x));
      const contLabels = c.continuumLabels?.map((x) => val(x));
      const key = Float64Array.from([...labels, ...(contLabels ?? [])]);
      let rest = this.partial[ci];
      if (!rest || !sameValues(rest.key, key)) {
        // New labels: the last labels' arrays are reused (`have` decides what is valid).
        if (rest) {
          rest.key = key;
          rest.calls = 0;
          rest.have.fill(0);
          for (const o of rest.contribution) o.v = Number.NaN;
        } else
          rest = this.partial[ci] = {
            key,
            calls: 0,
            have: new Uint8Array(P),
            bases: observed.map(() => new Float64Array(P)),
            contribution: subset.map((S) => ({ v: Number.NaN, w: Number.NaN, values: new Float64Array(S.length) })),
          };
        rest.u =
          c.continuumEmulator && contLabels
            ? this.emulatorOf(c.continuumEmulator).predictHost(contLabels, undefined, this.continuumPixels)
            : undefined;
      }
      const w = c.weight === undefined ? 1 : val(c.weight);
      // The exposures whose contribution changed: their shifts first, then the rest-frame pixels all of them need in
      // one network call, then the interpolations.
      const stale: { e: number; v: number; shift: DopplerShift }[] = [];
      for (let e = 0; e < subset.length; e++) {
        const v = val(c.rv, e);
        const out = rest.contribution[e]!;
        if (out.v !== v || out.w !== w) stale.push({ e, v, shift: this.shiftOf(ci, e, v, subset[e]) });
      }
      if (stale.length > 0)
        this.ensureRestPixels(
          ci,
          rest,
          stale.map((x) => x.shift.lo),
          labels,
        );
      for (const { e, v, shift } of stale) {
        const out = rest.contribution[e]!;
        const y = rest.bases[e]!;
        const { lo, t } = shift;
        const values = out.values;
        for (let k = 0; k < values.length; k++) {
          const j = lo[k]!;
          const a0 = y[j]!;
          values[k] = w * (a0 + t[k]! * (y[j + 1]! - a0));
        }
        out.v = v;
        out.w = w;
      }
      subset.forEach((S, e) => {
        const F = flux[e]!;
        const values = rest.contribution[e]!.values;
        for (let k = 0; k < S.length; k++) F[S[k]!]! += values[k]!;
      });
    });
    if (spec.normalize === 'apogee') {
      subset.forEach((S, e) => {
        const F = flux[e]!;
        const CF = (this.scratch[e] ??= new Float64Array(F.length));
        continuumAtInto(continuum[e]!, F, S, CF);
        for (let k = 0; k < S.length; k++) F[S[k]!] = F[S[k]!]! / CF[S[k]!]!;
      });
    }
    return { flux };
  }

  /**
   * Computes the rest-frame base spectra of component ci at the pixels lo[k], lo[k] + 1 (of every exposure's lo) not
   * computed yet, in one network call. When the labels' spectra exist already (a velocity scan moving on), the
   * missing pixels are computed with 8 neighbours on each side, so the next few shifts find them (one network call per
   * few rows instead of one per row).
   */
  private ensureRestPixels(ci: number, rest: PartialRestFrame, los: Int32Array[], labels: number[]): void {
    const { have } = rest;
    const P = have.length;
    const want = this.want.length === P ? this.want : (this.want = new Uint8Array(P));
    let any = false;
    for (const lo of los)
      for (let k = 0; k < lo.length; k++) {
        const j = lo[k]!;
        if (have[j] && have[j + 1]) continue;
        want[j] = 1;
        want[j + 1] = 1;
        any = true;
      }
    if (!any) return;
    // The wanted pixels, each with `pad` neighbours on both sides, that are not computed yet (ascending).
    const pad = rest.calls > 0 ? 8 : 0;
    const fresh = this.fresh.length === P ? this.fresh : (this.fresh = new Int32Array(P));
    let count = 0;
    let next = 0;
    for (let j = 0; j < P; j++) {
      if (!want[j]) continue;
      want[j] = 0;
      for (let p = Math.max(next, j - pad); p <= Math.min(P - 1, j + pad); p++) if (!have[p]) fresh[count++] = p;
      next = Math.max(next, j + pad + 1);
    }
    if (count === 0) return;
    rest.calls++;
    const c = this.ctx.spec.components[ci]!;
    if (count > 0.4 * P) {
      // Most of the grid (several exposures at different velocities): the network's vectorised full pass is cheaper.
      const n = this.emulatorOf(c.emulator).predictHost(labels);
      this.ctx.continuum.forEach((op, e) => {
        const b = rest.bases[e]!;
        if (rest.u) apogeeContinuumInto(op!, rest.u, 0, b, 0);
        else b.fill(1);
        for (let p = 0; p < P; p++) b[p]! *= n[p]!;
      });
      have.fill(1);
      return;
    }
    const pixels = fresh.slice(0, count);
    for (let k = 0; k < count; k++) have[pixels[k]!] = 1;
    const n = this.emulatorOf(c.emulator).predictHost(labels, undefined, pixels);
    this.ctx.continuum.forEach((op, e) => {
      const b = rest.bases[e]!;
      if (rest.u) continuumAtInto(op!, rest.u, pixels, b);
      else for (let k = 0; k < count; k++) b[pixels[k]!] = 1;
      for (let k = 0; k < count; k++) b[pixels[k]!]! *= n[pixels[k]!]!;
    });
  }

  /** ensureRestPixels' scratch: pixels wanted, and the fresh ones listed. */
  private want = new Uint8Array(0);
  private fresh = new Int32Array(0);

  /** Screening: per component, the rest-frame base spectra (n ⊙ continuum, per exposure) computed so far. */
  private readonly partial: PartialRestFrame[] = [];

  /** Rest-frame Jacobian scratch (the network parts of one component's columns, a column, a continuum part). */
  private readonly parts: Float64Array[] = [];

  /** pool[i] as a scratch array of length P (reused while the length stays). */
  private buffer(pool: Float64Array[], i: number, P: number): Float64Array {
    const b = pool[i];
    if (b && b.length === P) return b;
    return (pool[i] = new Float64Array(P));
  }

  /** Per exposure: C(F) of the last evaluation, 1/C(F) and F/C(F)² of the last Jacobian (reused buffers). */
  private readonly scratch: Float64Array[] = [];
  private readonly inverse: Float64Array[] = [];
  private readonly ratio: Float64Array[] = [];
  /** Per component and exposure: the Doppler interpolation at the last velocity (its arrays reused). */
  private readonly shifts: (DopplerShift & { v: number })[][] = [];

  /**
   * The Doppler interpolation of component ci into exposure e at v (the last one per pair is kept); with `at`, for
   * those observed pixels only (entry k is pixel at[k]).
   */
  private shiftOf(ci: number, e: number, v: number, at?: Int32Array): DopplerShift {
    const row = (this.shifts[ci] ??= []);
    const observed = this.ctx.observed[e]!;
    const M = at ? at.length : observed.length;
    const s = (row[e] ??= {
      v: Number.NaN,
      lo: new Int32Array(M),
      t: new Float64Array(M),
      slope: new Float64Array(M),
    });
    if (s.v === v) return s;
    const c = this.ctx.spec.components[ci]!;
    dopplerShiftInto(this.emulatorOf(c.emulator).wavelength.fixed!, observed, v, s, at);
    s.v = v;
    return s;
  }

  private emulatorOf(key: string): Emulator & HostJacobian {
    return this.ctx.emulators[key] as Emulator & HostJacobian;
  }

  /** The component's rest-frame spectra at these labels (cached for the last label vector of each component). */
  private restFrame(
    ci: number,
    labels: ExprValue[],
    contLabels: ExprValue[] | undefined,
    withJacobian: boolean,
  ): RestFrame {
    const c = this.ctx.spec.components[ci]!;
    const key = Float64Array.from([...labels, ...(contLabels ?? [])], (l) => l.value);
    const hit = this.cache.get(ci);
    if (hit && sameValues(hit.key, key) && (!withJacobian || hit.dn)) return hit;
    const em = this.emulatorOf(c.emulator);
    const P = em.wavelength.fixed!.length;
    const dn = withJacobian ? labels.map(() => new Float64Array(P)) : undefined;
    const normalized = em.predictHost(
      labels.map((l) => l.value),
      dn,
    );
    const out: RestFrame = { key, base: [], normalized, ...(dn && { dn }) };
    if (c.continuumEmulator && contLabels) {
      const cem = this.emulatorOf(c.continuumEmulator);
      const du = withJacobian ? contLabels.map(() => new Float64Array(P)) : undefined;
      const u = cem.predictHost(
        contLabels.map((l) => l.value),
        du,
        this.continuumPixels,
      );
      out.unnormalized = u;
      const cont = this.ctx.continuum.map((op) => applyContinuum(op!, u));
      if (du) {
        out.cont = cont;
        out.dcont = this.ctx.continuum.map((op) => du.map((d) => applyContinuum(op!, d)));
      }
      out.base = cont.map((cc) => productInPlace(cc, normalized, !du));
    } else out.base = this.ctx.observed.map(() => normalized);
    this.cache.set(ci, out);
    return out;
  }
}

const NO_GRADIENT = new Float64Array(0);

/** Whether two label vectors are equal value by value (the rest-frame caches' key). */
function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The regressor with predictHost's output kept for its last 4 inputs (callers must not change the returned array): a
 * binary calls the radius network for both stars every row, so one kept value would be replaced every call.
 */
function recentValuesKept(r: HostRegressor): HostRegressor {
  const kept: { x: Float64Array; y: Float64Array }[] = [];
  return {
    predictHost(x) {
      for (let k = 0; k < kept.length; k++) {
        const e = kept[k]!;
        if (e.x.length !== x.length) continue;
        let same = true;
        for (let i = 0; i < x.length && same; i++) same = e.x[i] === Number(x[i]);
        if (same) return e.y;
      }
      const y = r.predictHost(x);
      if (kept.length === 4) kept.pop();
      kept.unshift({ x: Float64Array.from(x, Number), y });
      return y;
    },
    ...(r.jacobianHost && { jacobianHost: (x: ArrayLike<number>) => r.jacobianHost!(x) }),
  };
}

function constant(value: number, n: number): ExprValue {
  return { value, gradient: new Float64Array(n) };
}

/** a ⊙ b, written over a when `overwrite` (a is not needed afterwards), else into a new array. */
function productInPlace(a: Float64Array, b: Float64Array, overwrite: boolean): Float64Array {
  const out = overwrite ? a : new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * b[i]!;
  return out;
}

/** θ indices any of these expressions depends on. */
function dependencies(values: ExprValue[], n: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < n; j++) if (values.some((v) => v.gradient[j] !== 0)) out.push(j);
  return out;
}

/** Linear interpolation of a rest-frame spectrum at observed/D(v) (np.interp: edge values held), with ∂q/∂v. */
interface DopplerShift {
  lo: Int32Array;
  t: Float64Array;
  /** ∂q_i/∂v / (rest[k+1] − rest[k]): the factor that turns the local flux difference into ∂g_i/∂v (0 at held edges). */
  slope: Float64Array;
}

/**
 * The interpolation of a rest-frame grid at observed/D(v), written into s (one pass: both grids ascend); with `at`,
 * at observed[at[k]] only.
 */
function dopplerShiftInto(
  rest: Float64Array,
  observed: Float64Array,
  v: number,
  s: DopplerShift,
  at?: Int32Array,
): void {
  const beta = v / C_KMS;
  if (!(Math.abs(beta) < 1)) throw new RangeError(`composite model: velocity ${v} km/s is not below c`);
  const invD = Math.sqrt((1 - beta) / (1 + beta));
  const dqdv = -1 / (C_KMS * (1 - beta * beta));
  const { lo, t, slope } = s;
  const P = rest.length;
  const first = rest[0]!;
  const last = rest[P - 1]!;
  let j = 0;
  const M = at ? at.length : observed.length;
  for (let i = 0; i < M; i++) {
    const q = observed[at ? at[i]! : i]! * invD;
    if (q <= first) {
      lo[i] = 0;
      t[i] = 0;
      slope[i] = 0;
    } else if (q >= last) {
      lo[i] = P - 2;
      t[i] = 1;
      slope[i] = 0;
    } else {
      if (rest[j]! > q) j = 0;
      if (j + 16 < P && rest[j + 16]! <= q) {
        // A jump (a pixel subset's gap): bisect rest[j + 16 … P − 1] for the last rest[j] ≤ q.
        let a = j + 16;
        let b = P - 1;
        while (b - a > 1) {
          const mid = (a + b) >> 1;
          if (rest[mid]! <= q) a = mid;
          else b = mid;
        }
        j = a;
      }
      while (rest[j + 1]! <= q) j++;
      const dx = rest[j + 1]! - rest[j]!;
      lo[i] = j;
      t[i] = (q - rest[j]!) / dx;
      slope[i] = (q * dqdv) / dx;
    }
  }
}

/** Σ_k c_k·a_k into out over the non-zero c_k; undefined (out untouched) when every c_k is 0. */
function weightedSum(out: Float64Array, c: number[], a: Float64Array[]): Float64Array | undefined {
  let first = true;
  for (let k = 0; k < c.length; k++) {
    const ck = c[k]!;
    if (ck === 0) continue;
    const ak = a[k]!;
    if (first) for (let p = 0; p < out.length; p++) out[p] = ck * ak[p]!;
    else for (let p = 0; p < out.length; p++) out[p]! += ck * ak[p]!;
    first = false;
  }
  return first ? undefined : out;
}

/**
 * One rest-frame Jacobian column in one pass: dw·base + S (⊙ cont with a continuum emulator) + n ⊙ T, for the weight's
 * derivative dw, the network part S and the continuum part T (either may be absent).
 */
function restColumnInto(
  col: Float64Array,
  dw: number,
  base: Float64Array,
  S: Float64Array | undefined,
  cont: Float64Array | undefined,
  T: Float64Array | undefined,
  n: Float64Array,
): void {
  const P = col.length;
  if (S && cont && T && dw === 0) for (let p = 0; p < P; p++) col[p] = cont[p]! * S[p]! + n[p]! * T[p]!;
  else
    for (let p = 0; p < P; p++) {
      let v = dw === 0 ? 0 : dw * base[p]!; // (base is NaN outside the chips: no term there, not 0·NaN)
      if (S) v += cont ? cont[p]! * S[p]! : S[p]!;
      if (T) v += n[p]! * T[p]!;
      col[p] = v;
    }
}

/** target += w · y(observed/D): the linear interpolation of y at the shifted positions, scaled. */
function addShifted(target: Float64Array, s: DopplerShift, y: Float64Array, w: number): void {
  const { lo, t } = s;
  for (let i = 0; i < target.length; i++) {
    const k = lo[i]!;
    const a = y[k]!;
    target[i]! += w * (a + t[i]! * (y[k + 1]! - a));
  }
}

/**
 * The APOGEE continuum of x (fitted on the operator's continuum pixels) evaluated at `pixels` only (sorted), written
 * to out[pixel]; pixels outside every chip get NaN.
 */
function continuumAtInto(op: ApogeeContinuumOperator, x: Float64Array, pixels: Int32Array, out: Float64Array): void {
  const m = op.degree + 1;
  const coef = apogeeContinuumCoefficients(op, x);
  let k = 0;
  for (let chip = 0; chip < op.chips.length; chip++) {
    const { start, end, basis } = op.chips[chip]!;
    for (; k < pixels.length && pixels[k]! < start; k++) out[pixels[k]!] = Number.NaN;
    const o = chip * m;
    if (m === 5) {
      // The survey's degree 4, unrolled (a screening row's largest cost after the shifts).
      const c0 = coef[o]!;
      const c1 = coef[o + 1]!;
      const c2 = coef[o + 2]!;
      const c3 = coef[o + 3]!;
      const c4 = coef[o + 4]!;
      for (; k < pixels.length && pixels[k]! < end; k++) {
        const p = pixels[k]!;
        const b = (p - start) * 5;
        out[p] = basis[b]! * c0 + basis[b + 1]! * c1 + basis[b + 2]! * c2 + basis[b + 3]! * c3 + basis[b + 4]! * c4;
      }
    } else {
      for (; k < pixels.length && pixels[k]! < end; k++) {
        const j = pixels[k]! - start;
        let v = 0;
        for (let q = 0; q < m; q++) v += basis[j * m + q]! * coef[o + q]!;
        out[pixels[k]!] = v;
      }
    }
  }
  for (; k < pixels.length; k++) out[pixels[k]!] = Number.NaN;
}

/**
 * A flux Jacobian column dF turned into the normalised model's, in place: dF/C(F) − F·C(dF)/C(F)² (inv = 1/C(F),
 * ratio = F/C(F)²), C(dF) evaluated pixel by pixel inside the same pass; pixels outside every chip get NaN (as C).
 */
function normalizedColumnInPlace(
  op: ApogeeContinuumOperator,
  dF: Float64Array,
  inv: Float64Array,
  ratio: Float64Array,
): void {
  const m = op.degree + 1;
  const coef = apogeeContinuumCoefficients(op, dF);
  let i = 0;
  for (let chip = 0; chip < op.chips.length; chip++) {
    const { start, end, basis } = op.chips[chip]!;
    for (; i < start; i++) dF[i] = Number.NaN;
    const o = chip * m;
    if (m === 5) {
      const c0 = coef[o]!;
      const c1 = coef[o + 1]!;
      const c2 = coef[o + 2]!;
      const c3 = coef[o + 3]!;
      const c4 = coef[o + 4]!;
      for (let b = 0; i < end; i++, b += 5) {
        const c = basis[b]! * c0 + basis[b + 1]! * c1 + basis[b + 2]! * c2 + basis[b + 3]! * c3 + basis[b + 4]! * c4;
        dF[i] = dF[i]! * inv[i]! - ratio[i]! * c;
      }
    } else {
      for (; i < end; i++) {
        let c = 0;
        for (let q = 0; q < m; q++) c += basis[(i - start) * m + q]! * coef[o + q]!;
        dF[i] = dF[i]! * inv[i]! - ratio[i]! * c;
      }
    }
  }
  for (; i < dF.length; i++) dF[i] = Number.NaN;
}

/** target += dv · ∂/∂v of y(observed/D(v)) (the local slope of y times ∂(observed/D)/∂v). */
function addShiftSlope(target: Float64Array, s: DopplerShift, y: Float64Array, dv: number): void {
  const { lo, slope } = s;
  for (let i = 0; i < target.length; i++) {
    const sl = slope[i]!;
    if (sl === 0) continue;
    const k = lo[i]!;
    target[i]! += dv * sl * (y[k + 1]! - y[k]!);
  }
}

/** The APOGEE continuum of y (apogeeContinuumInto, the batched fitter's host operator; pixels outside every chip: NaN). */
function applyContinuum(op: ApogeeContinuumOperator, y: Float64Array): Float64Array {
  const out = new Float64Array(y.length).fill(Number.NaN);
  apogeeContinuumInto(op, y, 0, out, 0);
  return out;
}
