// Small-TransformerPayne training step / label gradient in its own process (so that its peak RSS is its own):
//   node bench/lib/tpTrainCase.mjs '{"mode":"step","batch":16,"wavelengths":1024,"repeats":3}'
//   node bench/lib/tpTrainCase.mjs '{"mode":"labelgrad","wavelengths":22315,"repeats":3}'
// step: MSE on random targets, tf.variableGrads over every trainable variable + @astroemu/training AdamW.apply (what
// trainEmulator does per step, without data loading). labelgrad: ∂χ²/∂labels of one spectrum (χ² = Σ (predict − y)²),
// tf.grad through predict. One wasm backend, one thread, one warm-up. Prints {seconds: [...], maxrss_kb, params}.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { createTransformerPayne } from '@astroemu/transformer-payne';
import { AdamW, namedVariables } from '@astroemu/training';
import { TP_LABELS, TP_RANGE, benchLabels, benchGrid } from './tpInputs.mjs';

const opt = JSON.parse(process.argv[2]);
await initBackend({ backend: 'wasm' });
const model = createTransformerPayne({
  preset: opt.preset ?? 'small',
  labels: TP_LABELS,
  wavelengthRange: TP_RANGE,
  seed: 1,
});
const grid = benchGrid(opt.wavelengths);
let once;
if (opt.mode === 'step') {
  const vars = namedVariables(model);
  const byTf = new Map(vars.map(([n, v]) => [v.name, n]));
  const optimizer = new AdamW(vars, { weightDecay: 1e-4 });
  const x = tf.tensor2d(benchLabels(opt.batch));
  const y = tf.randomUniform([opt.batch, opt.wavelengths], 0.5, 1, 'float32', 1);
  once = () => {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => tf.mean(tf.squaredDifference(model.predict(x, grid), y)),
        vars.map(([, v]) => v),
      );
      optimizer.apply(new Map(Object.entries(grads).map(([k, g]) => [byTf.get(k), g])), 1e-4);
      return value;
    });
    loss.dataSync();
    loss.dispose();
  };
} else {
  const x = tf.tensor2d(benchLabels(1));
  const y = tf.randomUniform([1, opt.wavelengths], 0.5, 1, 'float32', 1);
  const chi2 = (l) => tf.sum(tf.squaredDifference(model.predict(l, grid), y));
  once = () => {
    const g = tf.tidy(() => tf.grad(chi2)(x));
    g.dataSync();
    g.dispose();
  };
}
once();
const seconds = [];
for (let r = 0; r < (opt.repeats ?? 1); r++) {
  const t0 = performance.now();
  once();
  seconds.push((performance.now() - t0) / 1000);
}
console.log(JSON.stringify({ seconds, maxrss_kb: process.resourceUsage().maxRSS, params: model.parameterCount() }));
