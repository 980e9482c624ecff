// TransformerPayne training steps/s (issue 17), called by bench/tp.bench.mjs: today's code (the reference build of
// REFERENCE_COMMIT, bench/lib/buildReference.mjs) against the current createTrainStep, each case in its own process
// (bench/lib/tpStepCase.mjs), alternating, `repeats` times; median steps per CPU second (process.cpuUsage: the machine
// is shared, CPU time is what a free core would give) for one thread, and steps per WALL second for the data-parallel
// case (2 threads), whose gain is in wall time. Plain wasm (ASTROEMU_NATIVE_BLAS=0) and, when the optional accelerator
// is built, with native OpenBLAS matMuls (1 thread) for both sides.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildReference, REFERENCE_COMMIT } from './buildReference.mjs';

const here = import.meta.dirname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function runCase(opt, native) {
  const env = { ...process.env, ASTROEMU_NATIVE_BLAS: native ? '1' : '0', ASTROEMU_NATIVE_BLAS_THREADS: '1' };
  const r = spawnSync(process.execPath, [join(here, 'tpStepCase.mjs'), JSON.stringify(opt)], {
    encoding: 'utf8',
    env,
    maxBuffer: 16 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`tpStepCase ${JSON.stringify(opt)} failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/**
 * What this machine allows the second worker at most: two one-thread processes, each stepping half the batch, at the
 * same time (no messages, no averaging). Their slower rate over the one-thread rate of the whole batch is the ceiling of
 * 'ratio 2 threads / 1': on the project's 2-core machines the two cores slow each other down (shared caches, memory
 * bandwidth), most on the tiny step.
 */
function halfBatchPair(opt, native) {
  const half = JSON.stringify({ ...opt, impl: 'new', batch: opt.batch / 2 });
  const script = join(here, 'tpStepCase.mjs');
  const env = { ...process.env, ASTROEMU_NATIVE_BLAS: native ? '1' : '0', ASTROEMU_NATIVE_BLAS_THREADS: '1' };
  const q = (a) => `'${a.replace(/'/g, "'\\''")}'`;
  const cmd = `${q(process.execPath)} ${q(script)} ${q(half)} & ${q(process.execPath)} ${q(script)} ${q(half)}; wait`;
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8', env, maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`tpStepCase pair ${half} failed: ${r.stderr.slice(-2000)}`);
  const rates = r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l).steps_per_wall_s);
  if (rates.length !== 2) throw new Error(`tpStepCase pair ${half}: expected two results; got ${r.stdout}`);
  return Math.min(...rates);
}

function nativeAvailable() {
  const r = spawnSync(
    process.execPath,
    ['-e', "import('@astroemu/native-blas').then(m => process.exit(m.loadNativeBlas() ? 0 : 1))"],
    { encoding: 'utf8' },
  );
  return r.status === 0;
}

export function tpTrainBench({ repeats = 3, quick = false } = {}) {
  buildReference();
  const sizes = [
    {
      preset: 'tiny',
      batch: 16,
      wavelengths: 397,
      steps: quick ? 5 : 20,
      warmup: quick ? 2 : 10,
      label: 'tiny, 16 × 397 λ (the demo step)',
    },
    {
      preset: 'small',
      batch: 16,
      wavelengths: quick ? 256 : 1024,
      steps: quick ? 2 : 5,
      warmup: quick ? 1 : 3,
      label: `small, 16 × ${quick ? 256 : 1024} λ`,
    },
  ];
  const natives = nativeAvailable() ? [false, true] : [false];
  const figures = {};
  const rows = [];
  for (const native of natives) {
    for (const s of sizes) {
      const ref = [];
      const now = [];
      const par = [];
      const one = [];
      const pair = [];
      const loads = [];
      for (let r = 0; r < repeats; r++) {
        ref.push(runCase({ impl: 'ref', ...s }, native).steps_per_cpu_s);
        const single = runCase({ impl: 'new', ...s }, native);
        now.push(single.steps_per_cpu_s);
        one.push(single.steps_per_wall_s);
        par.push(runCase({ impl: 'new', workers: 2, ...s }, native).steps_per_wall_s);
        pair.push(halfBatchPair(s, native));
        loads.push(loadavg()[0].toFixed(1));
      }
      const tag = `tp_train_${s.preset}${native ? '_native_blas' : ''}`;
      const speedup = median(now) / median(ref);
      const workerGain = median(par) / median(one);
      figures[`${tag}_speedup_vs_${REFERENCE_COMMIT}`] = Number(speedup.toFixed(2));
      figures[`${tag}_second_worker_gain`] = Number(workerGain.toFixed(2));
      const ceiling = median(pair) / median(one);
      figures[`${tag}_second_worker_ceiling`] = Number(ceiling.toFixed(2));
      rows.push(
        `| ${s.label}${native ? ', native OpenBLAS (1 thread) both sides' : ', plain wasm'} | ${median(ref).toFixed(2)} | ${median(now).toFixed(2)} | **${speedup.toFixed(2)}** | ${median(one).toFixed(2)} | ${median(par).toFixed(2)} | **${workerGain.toFixed(2)}** | ${ceiling.toFixed(2)} | ${loads.join(', ')} |`,
      );
    }
  }
  const table = [
    `| TransformerPayne training step (MSE, variableGrads, AdamW), median of ${repeats} | ${REFERENCE_COMMIT} [steps/CPU s] | now [steps/CPU s] | ratio now/${REFERENCE_COMMIT} (one core) | now 1 thread [steps/wall s] | now 2 threads [steps/wall s] | ratio 2 threads / 1 (wall) | ceiling: 2 processes × B/2 at once / 1 | load avg (1 min) per repeat |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ];
  return { figures, table };
}

if (process.argv[1] === import.meta.filename) {
  const argv = process.argv.slice(2);
  const { figures, table } = tpTrainBench({
    repeats: argv.includes('--repeats') ? Number(argv[argv.indexOf('--repeats') + 1]) : 3,
    quick: argv.includes('--quick'),
  });
  console.log(table.join('\n'));
  console.log('BENCH_JSON ' + JSON.stringify(figures));
}
