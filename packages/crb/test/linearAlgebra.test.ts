import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cholesky, choleskySolve, crbBounds, fisherMatrix, invertSymmetric, symmetricEigen } from '../src/index';

const fx = JSON.parse(readFileSync(new URL('./fixtures/crb.json', import.meta.url), 'utf8'), (_k, v) =>
  v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v,
);
const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(b[i])) {
      if (a[i] !== b[i]) return Infinity;
      continue;
    }
    m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1e-300, Math.abs(b[i])));
  }
  return m;
};

describe('dense linear algebra (float64) vs numpy', () => {
  it('cholesky, choleskySolve and Jacobi eigenvalues', () => {
    const L = cholesky(fx.A, 7)!;
    expect(
      maxRel(
        L.filter((_, i) => fx.chol[i] !== 0),
        fx.chol.filter((v: number) => v !== 0),
      ),
    ).toBeLessThan(1e-12);
    expect(maxRel(choleskySolve(L, fx.b, 7), fx.solve)).toBeLessThan(1e-10);
    expect(maxRel(symmetricEigen(fx.A, 7).values, fx.eigenvalues)).toBeLessThan(1e-11);
    expect(cholesky([1, 2, 2, 1], 2)).toBeNull();
  });
  it('eigenvectors reconstruct the matrix', () => {
    const { values, vectors } = symmetricEigen(fx.A, 7);
    let err = 0;
    for (let i = 0; i < 7; i++)
      for (let j = 0; j < 7; j++) {
        let s = 0;
        for (let k = 0; k < 7; k++) s += vectors[i * 7 + k] * values[k] * vectors[j * 7 + k];
        err = Math.max(err, Math.abs(s - fx.A[i * 7 + j]));
      }
    expect(err).toBeLessThan(1e-12);
  });
  it('invertSymmetric flags a degenerate pair and warns on ill-conditioning', () => {
    const inv = invertSymmetric([1, 1, 0, 1, 1, 0, 0, 0, 4], 3);
    expect(inv.unconstrained).toEqual([true, true, false]);
    expect(inv.inverse[8]).toBeCloseTo(0.25, 14);
    const ill = invertSymmetric([1, 1 - 1e-12, 1 - 1e-12, 1], 2, { rcond: 1e-15 });
    expect(ill.warnings.join()).toMatch(/ill-conditioned \(condition number 2\.\d+e\+12/);
  });
});

describe('fisherMatrix and crbBounds on a fixed J vs numpy', () => {
  const jac = {
    batch: 1,
    pixels: fx.M,
    labelNames: ['a', 'b', 'c', 'd', 'e', 'f'],
    values: Float64Array.from(fx.J),
    flux: new Float64Array(fx.M),
    emulatorEvaluations: 0,
  };
  it('F, F⁻¹, marginal and conditional bounds; the zero column is unconstrained', () => {
    const F = fisherMatrix(jac, { ivar: fx.ivar, mask: fx.mask });
    expect(maxRel(F.values, fx.F)).toBeLessThan(1e-12);
    const crb = crbBounds(F);
    expect(maxRel(crb.marginal, fx.marginal)).toBeLessThan(1e-9);
    expect(maxRel(crb.conditional, fx.conditional)).toBeLessThan(1e-12);
    expect(crb.marginal[4]).toBe(Infinity);
    expect(crb.conditional[4]).toBe(Infinity);
    const finv = Array.from(crb.covariance).map((v, i) =>
      fx.Finv[i] === 0 && (i % 6 === 4 || Math.floor(i / 6) === 4) ? 0 : v,
    );
    finv[4 * 6 + 4] = 0;
    expect(
      maxRel(
        finv.filter((_, i) => fx.Finv[i] !== 0),
        fx.Finv.filter((v: number) => v !== 0),
      ),
    ).toBeLessThan(1e-9);
    expect(crb.conditionNumber[0] / fx.cond).toBeCloseTo(1, 8);
  });
  it('rejects bad noise models with typed errors', () => {
    expect(() => fisherMatrix(jac, {})).toThrow(
      /fisherMatrix: noise must give exactly one of snr or ivar; got neither/,
    );
    expect(() => fisherMatrix(jac, { snr: -1 })).toThrow(/snr must be finite and > 0; got -1/);
    expect(() => fisherMatrix(jac, { ivar: [1, 2] })).toThrow(/ivar must have 300 or 300 values; got 2/);
  });
});
