import { boundedLevenbergMarquardt } from '@astroemu/inference';
const res = (t) => Float64Array.from([10 * (t[1] - t[0] * t[0]), 1 - t[0]]);
const problem = { lower: Float64Array.from([-2, -1]), upper: Float64Array.from([2, 3]), residuals: (ths) => ths.map(res),
  jacobian: (t) => ({ residuals: res(t), columns: [Float64Array.from([-20 * t[0], -1]), Float64Array.from([10, 0])] }) };
for (const lam of [1e-3, 1, 100]) { const r = boundedLevenbergMarquardt(problem, [-1.2, 1], { maxIterations: 3, lambda: lam }); console.log(lam, Array.from(r.theta), r.lambda, r.chi2, r.iterations); }
