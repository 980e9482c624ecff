import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { createFoundationModel, foundationConfig, makeStellarCatalogue, trainFoundationModel } from '../src/index';
await initBackend({ backend: (process.env.BK as 'wasm') ?? 'wasm' });
const cat = makeStellarCatalogue({ stars: 300, seed: 1 });
for (const bs of [16, 64, 256]) {
  const m = createFoundationModel(foundationConfig(cat.tokens, { preset: 'small' }));
  const n0 = tf.memory().numTensors;
  trainFoundationModel(m, cat, { steps: 2, batchSize: bs });
  const t = Date.now();
  trainFoundationModel(m, cat, { steps: 8, batchSize: bs });
  console.log(bs, 'ms/step', (Date.now() - t) / 8, n0, tf.memory().numTensors);
  m.dispose();
}
