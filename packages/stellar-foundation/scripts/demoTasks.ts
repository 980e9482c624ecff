/**
 * The demonstration tasks of docs/foundation-model.md (Leung & Bovy 2023, Sect. 4), shared by scripts/demo.ts and
 * test/demonstration.test.ts: each asks a trained model one kind of question about held-out stars and measures the
 * answer against the noise-free truth.
 */
import * as tf from '@tensorflow/tfjs';
import { AdamW } from '@astroemu/training';
import { mulberry32 } from '@astroemu/synth';
import { sampleTrainingBatch, type FoundationModel, type StellarCatalogue } from '../src/index';

const col = (c: StellarCatalogue, name: string) => c.names.indexOf(name);
const rms = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / Math.max(1, xs.length));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Rows in which at least `fraction` (default all) of the observed values of `names` are present. */
export function completeRows(c: StellarCatalogue, names: readonly string[], fraction = 1): number[] {
  const k = c.names.length;
  const js = names.map((n) => col(c, n));
  return Array.from({ length: c.stars }, (_, i) => i).filter(
    (i) => js.filter((j) => Number.isFinite(c.values[i * k + j]!)).length >= Math.ceil(fraction * js.length),
  );
}

/** Asks `model` for `outputs` given the observed `inputs` of `rows`; returns per output the predictions, σ and truth. */
export function ask(
  model: FoundationModel,
  c: StellarCatalogue,
  rows: readonly number[],
  inputs: readonly string[],
  outputs: readonly string[],
  chunk = 256,
) {
  const k = c.names.length;
  const res = outputs.map(() => ({
    mean: [] as number[],
    sigma: [] as number[],
    truth: [] as number[],
    observed: [] as number[],
    known: [] as number[],
  }));
  for (let s = 0; s < rows.length; s += chunk) {
    const part = rows.slice(s, s + chunk);
    model.perceive(
      part.map((r) => inputs.map((n) => c.values[r * k + col(c, n)]!)),
      part.map(() => inputs),
    );
    const out = model.request(outputs);
    model.forget();
    part.forEach((r, i) =>
      outputs.forEach((n, o) => {
        const at = i * outputs.length + o;
        res[o]!.mean.push(out.mean[at]!);
        res[o]!.sigma.push(out.sigma[at]!);
        res[o]!.truth.push(c.truth[r * k + col(c, n)]!);
        res[o]!.observed.push(c.values[r * k + col(c, n)]!);
        res[o]!.known.push(c.sigmas[r * k + col(c, n)]!);
      }),
    );
  }
  return res.map((r, o) => ({
    name: outputs[o]!,
    ...r,
    rmse: rms(r.mean.map((m, i) => m - r.truth[i]!)),
    medianSigma: median(r.sigma),
    /** Standard deviation of the truth over these stars (the error of always answering the mean). */
    spread: rms(r.truth.map((t) => t - r.truth.reduce((a, b) => a + b, 0) / r.truth.length)),
  }));
}

/**
 * z = (ŷ − y_obs) / √(σ_pred² + σ_known²) for random (inputs, request) pairs drawn as in training from `rows`
 * (the loss calibrates exactly this); returns its standard deviation and the number of pairs.
 */
export function zScoreStd(
  model: FoundationModel,
  c: StellarCatalogue,
  rows: readonly number[],
  opts: { pairs: number; seed?: number; requestable?: readonly string[] },
) {
  const rand = mulberry32(opts.seed ?? 99);
  const z: number[] = [];
  while (z.length < opts.pairs) {
    const b = sampleTrainingBatch(c, model.vocabulary, rand, {
      rows,
      batchSize: 128,
      context: model.architecture.context,
      ...(opts.requestable ? { requestable: opts.requestable } : {}),
    });
    const [mean, logVar] = tf.tidy(() => {
      const o = model.forward(
        tf.tensor2d(b.values, [b.batch, b.length]),
        tf.tensor2d(b.types, [b.batch, b.length], 'int32'),
        tf.tensor2d(b.requestTypes, [b.batch, 1], 'int32'),
      );
      return [o.mean.dataSync(), o.logVariance.dataSync()];
    });
    for (let i = 0; i < b.batch; i++)
      z.push((mean![i]! - b.targets[i]!) / Math.sqrt(Math.exp(logVar![i]!) + b.targetSigmas[i]! ** 2));
  }
  const m = z.reduce((a, b) => a + b, 0) / z.length;
  return { std: Math.sqrt(z.reduce((s, x) => s + (x - m) ** 2, 0) / z.length), mean: m, pairs: z.length };
}

/**
 * The dedicated baseline: an MLP (inputs → hidden → hidden → outputs, GELU) trained with AdamW on the MSE of
 * standardised observed outputs, on exactly one input/output pairing; missing inputs are imputed with the training
 * mean (0 after standardisation). Returns predictions on `testRows`.
 */
export function trainMlpRegressor(
  c: StellarCatalogue,
  trainRows: readonly number[],
  testRows: readonly number[],
  inputs: readonly string[],
  outputs: readonly string[],
  opts: { hidden?: number; steps?: number; batchSize?: number; learningRate?: number; seed?: number } = {},
) {
  const k = c.names.length;
  const spec = (n: string) => c.tokens[col(c, n)]!;
  const matrix = (rows: readonly number[], names: readonly string[], src: Float32Array) =>
    tf.tensor2d(
      rows.flatMap((r) =>
        names.map((n) => {
          const v = src[r * k + col(c, n)]!;
          return Number.isFinite(v) ? (v - spec(n).center) / spec(n).scale : 0;
        }),
      ),
      [rows.length, names.length],
    );
  const hidden = opts.hidden ?? 128;
  const init = (a: number, b: number, seed: number) =>
    tf.variable(tf.randomNormal([a, b], 0, Math.sqrt(1 / a), 'float32', seed));
  const vars = tf.tidy(() => [
    init(inputs.length, hidden, 1),
    tf.variable(tf.zeros([hidden])),
    init(hidden, hidden, 2),
    tf.variable(tf.zeros([hidden])),
    init(hidden, outputs.length, 3),
    tf.variable(tf.zeros([outputs.length])),
  ]);
  const net = (x: tf.Tensor) => {
    const gelu = (h: tf.Tensor) => tf.mul(tf.mul(h, 0.5), tf.add(1, tf.erf(tf.mul(h, Math.SQRT1_2))));
    const h1 = gelu(tf.add(tf.matMul(x, vars[0]!), vars[1]!));
    const h2 = gelu(tf.add(tf.matMul(h1, vars[2]!), vars[3]!));
    return tf.add(tf.matMul(h2, vars[4]!), vars[5]!);
  };
  const X = matrix(trainRows, inputs, c.values);
  const Y = matrix(trainRows, outputs, c.values);
  const optimizer = new AdamW(
    vars.map((v) => [v.name, v] as const),
    { weightDecay: 1e-4 },
  );
  const rand = mulberry32(opts.seed ?? 5);
  const steps = opts.steps ?? 2000;
  const bs = opts.batchSize ?? 128;
  for (let step = 0; step < steps; step++) {
    const idx = Array.from({ length: bs }, () => Math.floor(rand() * trainRows.length));
    const lr = (opts.learningRate ?? 2e-3) * 0.5 * (1 + Math.cos((Math.PI * step) / steps));
    tf.tidy(() => {
      const ids = tf.tensor1d(idx, 'int32');
      const { grads } = tf.variableGrads(
        () => tf.mean(tf.square(tf.sub(net(tf.gather(X, ids)), tf.gather(Y, ids)))) as tf.Scalar,
        vars,
      );
      optimizer.apply(grads, lr);
    });
  }
  const pred = tf.tidy(() => net(matrix(testRows, inputs, c.values)).arraySync() as number[][]);
  tf.dispose([X, Y, ...vars]);
  optimizer.dispose();
  return outputs.map((n, o) => {
    const p = pred.map((row) => row[o]! * spec(n).scale + spec(n).center);
    const truth = testRows.map((r) => c.truth[r * k + col(c, n)]!);
    return { name: n, mean: p, rmse: rms(p.map((x, i) => x - truth[i]!)) };
  });
}
