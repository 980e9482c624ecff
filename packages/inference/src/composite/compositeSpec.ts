/**
 * Declarations of composite spectral models: components (each an emulator with its own labels, RV and flux weight)
 * plus tied parameters. An expression (Expr) says where a component's input comes from:
 *   'name'                          a model parameter (per-exposure parameters take the exposure's own value)
 *   3.5                             a constant
 *   { op: '+'|'-'|'*'|'/', args }   arithmetic of two expressions
 *   { regressor, inputs, output?, scale?, power? }   scale · regressor(inputs)[output] ^ power (e.g. R², Teff2 = 1000·NN)
 * Everything is plain JSON, so a model can live in a file (astroemu-fit --model FILE.json).
 */
export type Expr =
  | string
  | number
  | { op: '+' | '-' | '*' | '/'; args: [Expr, Expr] }
  | { regressor: string; inputs: Expr[]; output?: number; scale?: number; power?: number };

/** A free parameter of the model. */
export interface ParameterSpec {
  name: string;
  min: number;
  max: number;
  /** One value per exposure (e.g. each visit's RV in an SB1/SB2 fit) instead of one shared value. */
  perExposure?: boolean;
  /** What the multi-start explores it as (velocities get denser starts); default 'label'. */
  kind?: 'label' | 'velocity';
}

export interface ComponentSpec {
  /** Key of the emulator of normalised flux (in the emulators map given to CompositeModel). */
  emulator: string;
  /** One expression per label of that emulator, in its label order. */
  labels: Expr[];
  /** Optional emulator of unnormalised flux whose APOGEE continuum gives the component's continuum shape. */
  continuumEmulator?: string;
  continuumLabels?: Expr[];
  /** Radial velocity, km/s. */
  rv: Expr;
  /** Flux weight (e.g. R² from a radius regressor); default 1. */
  weight?: Expr;
}

export interface CompositeModelSpec {
  name: string;
  parameters: ParameterSpec[];
  components: ComponentSpec[];
  /** 'apogee': the summed flux is divided by its APOGEE continuum (weights 1/σ_obs), as the data are; default 'none'. */
  normalize?: 'apogee' | 'none';
}

/** A regressor as the composite model uses it: float64 host evaluation of one input vector. */
export interface HostRegressor {
  predictHost(x: ArrayLike<number>): Float64Array;
  /** Exact ∂y/∂x (row-major out × in); without it, the host fit takes central differences of predictHost. */
  jacobianHost?(x: ArrayLike<number>): { y: Float64Array; jacobian: Float64Array };
}

/** One entry of the flattened parameter vector θ. */
export interface ExpandedParameter {
  /** 'rv1' or, per exposure, 'rv1[2]'. */
  name: string;
  base: string;
  exposure: number | undefined;
  min: number;
  max: number;
  kind: 'label' | 'velocity';
}

export class CompositeSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompositeSpecError';
  }
}

/** θ's layout for `exposures` spectra: shared parameters first, then each per-exposure parameter for exposure 0…N−1. */
export function expandParameters(spec: CompositeModelSpec, exposures: number): ExpandedParameter[] {
  const out: ExpandedParameter[] = [];
  for (const p of spec.parameters) {
    if (!p.perExposure)
      out.push({ name: p.name, base: p.name, exposure: undefined, min: p.min, max: p.max, kind: p.kind ?? 'label' });
  }
  for (const p of spec.parameters) {
    if (p.perExposure) {
      for (let e = 0; e < exposures; e++)
        out.push({
          name: `${p.name}[${e}]`,
          base: p.name,
          exposure: e,
          min: p.min,
          max: p.max,
          kind: p.kind ?? 'label',
        });
    }
  }
  return out;
}

/** Checks a declaration (names, bounds, references, regressors, label counts); throws CompositeSpecError naming the field. */
export function validateCompositeSpec(
  spec: CompositeModelSpec,
  emulatorLabels: Record<string, number>,
  regressors: Record<string, HostRegressor>,
): void {
  const where = `model '${spec?.name ?? '?'}'`;
  if (!spec || !Array.isArray(spec.parameters) || !Array.isArray(spec.components) || spec.components.length === 0) {
    throw new CompositeSpecError(`${where}: expected { name, parameters: [...], components: [at least one] }`);
  }
  const params = new Map<string, ParameterSpec>();
  spec.parameters.forEach((p, i) => {
    if (typeof p.name !== 'string' || p.name.length === 0)
      throw new CompositeSpecError(`${where}: parameters[${i}].name must be a non-empty string`);
    if (params.has(p.name)) throw new CompositeSpecError(`${where}: parameter '${p.name}' is declared twice`);
    if (!(Number.isFinite(p.min) && Number.isFinite(p.max) && p.max > p.min)) {
      throw new CompositeSpecError(`${where}: parameter '${p.name}' needs finite min < max; got [${p.min}, ${p.max}]`);
    }
    params.set(p.name, p);
  });
  const check = (e: Expr, field: string, allowPerExposure: boolean): void => {
    if (typeof e === 'number') {
      if (!Number.isFinite(e)) throw new CompositeSpecError(`${where}: ${field} is not a finite number`);
    } else if (typeof e === 'string') {
      const p = params.get(e);
      if (!p)
        throw new CompositeSpecError(
          `${where}: ${field} refers to '${e}', which is not a parameter (have ${[...params.keys()].join(', ')})`,
        );
      if (p.perExposure && !allowPerExposure)
        throw new CompositeSpecError(
          `${where}: ${field} uses per-exposure parameter '${e}'; labels and weights must be shared by all exposures`,
        );
    } else if (e && typeof e === 'object' && 'op' in e) {
      if (!['+', '-', '*', '/'].includes(e.op) || !Array.isArray(e.args) || e.args.length !== 2) {
        throw new CompositeSpecError(`${where}: ${field} must be { op: '+'|'-'|'*'|'/', args: [a, b] }`);
      }
      e.args.forEach((a, i) => check(a, `${field}.args[${i}]`, allowPerExposure));
    } else if (e && typeof e === 'object' && 'regressor' in e) {
      if (!regressors[e.regressor])
        throw new CompositeSpecError(
          `${where}: ${field} uses regressor '${e.regressor}', which was not given (have ${Object.keys(regressors).join(', ') || 'none'})`,
        );
      if (!Array.isArray(e.inputs)) throw new CompositeSpecError(`${where}: ${field}.inputs must be an array`);
      e.inputs.forEach((a, i) => check(a, `${field}.inputs[${i}]`, allowPerExposure));
    } else
      throw new CompositeSpecError(
        `${where}: ${field} must be a parameter name, a number, { op, args } or { regressor, inputs }`,
      );
  };
  spec.components.forEach((c, k) => {
    const f = `components[${k}]`;
    const L = emulatorLabels[c.emulator];
    if (L === undefined)
      throw new CompositeSpecError(
        `${where}: ${f}.emulator '${c.emulator}' was not given (have ${Object.keys(emulatorLabels).join(', ')})`,
      );
    if (!Array.isArray(c.labels) || c.labels.length !== L)
      throw new CompositeSpecError(
        `${where}: ${f}.labels must have ${L} expressions (emulator '${c.emulator}' has ${L} labels); got ${c.labels?.length}`,
      );
    c.labels.forEach((e, i) => check(e, `${f}.labels[${i}]`, false));
    if (c.continuumEmulator !== undefined) {
      const Lc = emulatorLabels[c.continuumEmulator];
      if (Lc === undefined)
        throw new CompositeSpecError(`${where}: ${f}.continuumEmulator '${c.continuumEmulator}' was not given`);
      if (!Array.isArray(c.continuumLabels) || c.continuumLabels.length !== Lc) {
        throw new CompositeSpecError(
          `${where}: ${f}.continuumLabels must have ${Lc} expressions; got ${c.continuumLabels?.length}`,
        );
      }
      c.continuumLabels.forEach((e, i) => check(e, `${f}.continuumLabels[${i}]`, false));
    }
    check(c.rv, `${f}.rv`, true);
    if (c.weight !== undefined) check(c.weight, `${f}.weight`, false);
  });
}

/** Evaluates an expression for one θ and exposure (float64, host). */
export function evalExpr(
  e: Expr,
  theta: ArrayLike<number>,
  index: (name: string, exposure: number) => number,
  exposure: number,
  regressors: Record<string, HostRegressor>,
): number {
  if (typeof e === 'number') return e;
  if (typeof e === 'string') return theta[index(e, exposure)]!;
  if ('op' in e) {
    const a = evalExpr(e.args[0], theta, index, exposure, regressors);
    const b = evalExpr(e.args[1], theta, index, exposure, regressors);
    return e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : a / b;
  }
  const x = e.inputs.map((i) => evalExpr(i, theta, index, exposure, regressors));
  const y = regressors[e.regressor]!.predictHost(x)[e.output ?? 0]!;
  return (e.scale ?? 1) * (e.power === undefined ? y : y ** e.power);
}

/** An expression's value and its gradient with respect to every entry of θ (forward mode, float64). */
export interface ExprValue {
  value: number;
  gradient: Float64Array;
}

/** evalExpr with ∂/∂θ (regressors: their jacobianHost, else central differences of predictHost). */
export function evalExprGradient(
  e: Expr,
  theta: ArrayLike<number>,
  index: (name: string, exposure: number) => number,
  exposure: number,
  regressors: Record<string, HostRegressor>,
): ExprValue {
  const n = theta.length;
  if (typeof e === 'number') return { value: e, gradient: new Float64Array(n) };
  if (typeof e === 'string') {
    const gradient = new Float64Array(n);
    const i = index(e, exposure);
    gradient[i] = 1;
    return { value: theta[i]!, gradient };
  }
  if ('op' in e) {
    const a = evalExprGradient(e.args[0], theta, index, exposure, regressors);
    const b = evalExprGradient(e.args[1], theta, index, exposure, regressors);
    const g = new Float64Array(n);
    const x = a.value;
    const y = b.value;
    for (let j = 0; j < n; j++) {
      const da = a.gradient[j]!;
      const db = b.gradient[j]!;
      g[j] =
        e.op === '+' ? da + db : e.op === '-' ? da - db : e.op === '*' ? da * y + x * db : (da * y - x * db) / (y * y);
    }
    const value = e.op === '+' ? x + y : e.op === '-' ? x - y : e.op === '*' ? x * y : x / y;
    return { value, gradient: g };
  }
  const inputs = e.inputs.map((i) => evalExprGradient(i, theta, index, exposure, regressors));
  const x = inputs.map((v) => v.value);
  const reg = regressors[e.regressor]!;
  const out = e.output ?? 0;
  const { y, jacobian } = reg.jacobianHost ? reg.jacobianHost(x) : centralJacobian(reg, x);
  const m = x.length;
  const raw = y[out]!;
  const scale = e.scale ?? 1;
  const value = scale * (e.power === undefined ? raw : raw ** e.power);
  const outer = scale * (e.power === undefined ? 1 : e.power * raw ** (e.power - 1));
  const gradient = new Float64Array(n);
  for (let c = 0; c < m; c++) {
    const d = outer * jacobian[out * m + c]!;
    if (d === 0) continue;
    const gi = inputs[c]!.gradient;
    for (let j = 0; j < n; j++) gradient[j]! += d * gi[j]!;
  }
  return { value, gradient };
}

function centralJacobian(reg: HostRegressor, x: number[]): { y: Float64Array; jacobian: Float64Array } {
  const y = reg.predictHost(x);
  const m = x.length;
  const jacobian = new Float64Array(y.length * m);
  for (let c = 0; c < m; c++) {
    const h = 1e-6 * Math.max(1, Math.abs(x[c]!));
    const up = reg.predictHost(x.map((v, k) => (k === c ? v + h : v)));
    const dn = reg.predictHost(x.map((v, k) => (k === c ? v - h : v)));
    for (let r = 0; r < y.length; r++) jacobian[r * m + c] = (up[r]! - dn[r]!) / (2 * h);
  }
  return { y, jacobian };
}
