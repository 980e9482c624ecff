import { expect, test } from 'vitest';
import { emulatorVariance } from '../src/index';

const bands = {
  percentiles: [2.5, 16, 50, 84, 97.5],
  values: [
    [-0.05, -0.05, -0.05],
    [-0.01, -0.02, -0.03],
    [0.001, 0, -0.002],
    [0.012, 0.02, 0.025],
    [0.05, 0.05, 0.05],
  ].map((v) => Float64Array.from(v)),
};

test('σ²_emu = ((p84 − p16)/2)² + p50², optional offset, linear interpolation onto other pixels', () => {
  const v = emulatorVariance(bands);
  expect(v[0]).toBeCloseTo(0.011 ** 2 + 0.001 ** 2, 15);
  expect(v[2]).toBeCloseTo(0.0275 ** 2 + 0.002 ** 2, 15);
  expect(emulatorVariance(bands, { includeBias: false })[0]).toBeCloseTo(0.011 ** 2, 15);
  const w = emulatorVariance(bands, { wavelength: { bands: [5000, 5001, 5002], target: [5000.25, 5002] } });
  expect(w[0]).toBeCloseTo(0.75 * v[0]! + 0.25 * v[1]!, 15);
  expect(w[1]).toBeCloseTo(v[2]!, 15);
});

test('bad bands are rejected with the field named', () => {
  expect(() => emulatorVariance({ percentiles: [50], values: [new Float64Array(3)] })).toThrow(
    /bands.percentiles must include 16/,
  );
  expect(() => emulatorVariance(bands, { wavelength: { bands: [5000, 5001, 5002], target: [4999] } })).toThrow(
    /target wavelength 4999 lies outside/,
  );
  expect(() => emulatorVariance(bands, { wavelength: { bands: [5000, 5000, 5002], target: [5001] } })).toThrow(
    /must increase; pixel 1/,
  );
});
