import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { createTransformerPayne, attentionMaps } from '@astroemu/transformer-payne';
for (const b of ['cpu', 'wasm'] as const) {
  await initBackend({ backend: b });
  const m = createTransformerPayne({ preset: 'small', labels: [{ name: 'a', min: 0, max: 1 }, { name: 'b', min: 0, max: 1 }], wavelengthRange: { min: 5000, max: 5100 } });
  const wl = Float64Array.from([5001, 5002, 5003]);
  try { const p = m.predict(tf.tensor2d([[0.5, 0.5]]), wl); console.log(b, 'predict B=1 ok', p.shape); } catch (e) { console.log(b, 'predict B=1 FAIL', (e as Error).message); }
  try { const a = attentionMaps(m, [0.5, 0.5], wl); console.log(b, 'attentionMaps ok', a.shape); } catch (e) { console.log(b, 'attentionMaps FAIL', (e as Error).message); }
  const x = tf.ones([1, 3, 64]) as tf.Tensor3D;
  try { const y = tf.fused.matMul({ a: tf.ones([3, 64]), b: tf.ones([64, 8]), bias: tf.zeros([8]) }); console.log(b, 'fused 2D ok', y.shape); } catch (e) { console.log(b, 'fused FAIL', (e as Error).message); }
  x.dispose();
}
