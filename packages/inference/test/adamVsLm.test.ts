import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { fitSpectra } from '../src/index';
import { createAnalyticEmulator } from '../../crb/test/analyticEmulator';
import { observe } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it("LM and the paper's Adam protocol reach the same minimum; LM uses ≥ 100× fewer emulator evaluations", () => {
  const emu = createAnalyticEmulator({ lambdaMin: 5000, lambdaMax: 5022, du: 1e-5, density: 1, seed: 5 });
  const truths = [
    [5300, 4.6, -0.2, 0.3, 0],
    [4700, 4.3, 0.2, -0.5, 0],
  ];
  const obs = truths.map((t, i) => observe(emu.lines, t, i === 0 ? 80 : -150, 100, 7 + i, 5004, 5018, 2e-5));
  const common = { fit: ['Teff', 'logg', 'Fe', 'Mg'], fixed: { Eu: 0 }, rv: { min: -200, max: 200 } } as const;
  const lm = fitSpectra(emu, obs, { ...common, optimizer: 'lm' });
  // Fewer steps than the paper's 2 000 to keep the test fast; 10 random starts as in the paper.
  const adam = fitSpectra(emu, obs, {
    ...common,
    optimizer: 'adam',
    starts: 10,
    adam: { steps: Number(process.env.ADAM_STEPS ?? 600) },
  });
  lm.forEach((a, i) => {
    const b = adam[i];
    console.log(
      `spectrum ${i}: χ² LM ${a.chi2.toFixed(3)} (${a.emulatorEvaluations} evaluations), Adam ${b.chi2.toFixed(3)} (${b.emulatorEvaluations} evaluations)`,
    );
    expect(Math.abs(a.chi2 - b.chi2)).toBeLessThan(0.5);
    expect(a.converged).toBe(true);
    expect(b.converged, b.notes.join('; ')).toBe(true); // a Gauss–Newton step from Adam's result predicts Δχ² < 1
    for (const n of common.fit) expect(Math.abs(a.labels[n] - b.labels[n])).toBeLessThan(0.3 * a.uncertainties[n]);
    expect(Math.abs(a.rv - b.rv)).toBeLessThan(0.3 * a.rvUncertainty);
    expect(b.emulatorEvaluations / a.emulatorEvaluations).toBeGreaterThanOrEqual(100);
  });
});
