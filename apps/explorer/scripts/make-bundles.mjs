#!/usr/bin/env node
// Makes the bundles the explorer ships as static assets: public/bundles/{payne-small,tp-small}/ and the
// manifest public/bundles/index.json (browsers cannot list folders).
//
//   node apps/explorer/scripts/make-bundles.mjs              # train with apps/train (needs `npm run build` first)
//   node apps/explorer/scripts/make-bundles.mjs --untrained  # seeded random weights (valid bundles, fast)
//   options: --steps N (default 1500) --n-train N (default 1000) --backend wasm
//
// Both bundles cover the synth grid's 4000–5000 Å at a sampling resolving power of 5000 (1117 pixels for
// The Payne), wide enough to overlap LAMOST/SDSS optical spectra, small enough for a page (≈ 1 MB each).
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const appDir = resolve(here, '..');
const root = resolve(appDir, '../..');
const outRoot = join(appDir, 'public', 'bundles');

const GRID = { R: 5000, lambdaMin: 4000, lambdaMax: 5000, seed: 0 };
const BUNDLES = [
  { id: 'payne-small', model: 'payne', title: 'The Payne (small preset, 2 × 32)' },
  { id: 'tp-small', model: 'transformer-payne', title: 'TransformerPayne (small preset: d 64, 4 blocks, 4 heads)' },
];

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const untrained = process.argv.includes('--untrained');
const steps = Number(arg('--steps', '1500'));
const nTrain = Number(arg('--n-train', '1000'));
const backend = arg('--backend', 'wasm');

async function exists(p) {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** Train with the project's training app; returns the folder of the best-validation bundle. */
async function trainBundle(model, tmp) {
  const cli = join(root, 'apps/train/dist/cli.js');
  if (!(await exists(cli))) {
    throw new Error(`make-bundles: ${cli} does not exist; build it first (npm run build), or pass --untrained`);
  }
  const out = join(tmp, model);
  const args = [
    cli,
    'train',
    '--model',
    model,
    '--preset',
    'small',
    '--grid',
    'synth:train',
    '--R',
    String(GRID.R),
    '--lambda-min',
    String(GRID.lambdaMin),
    '--lambda-max',
    String(GRID.lambdaMax),
    '--seed',
    String(GRID.seed),
    '--steps',
    String(steps),
    '--n-train',
    String(nTrain),
    '--backend',
    backend,
    '--out',
    out,
  ];
  console.log(`$ node ${args.join(' ')}`);
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) throw new Error(`make-bundles: training ${model} failed (exit ${r.status})`);
  return join(out, 'best-mae');
}

/** Loads workspace packages from source (their `source` export condition) through Vite's SSR loader. */
let viteServer;
async function importSource(name) {
  if (!viteServer) {
    const { createServer } = await import('vite');
    viteServer = await createServer({
      configFile: false,
      root,
      logLevel: 'error',
      appType: 'custom',
      server: { middlewareMode: true, hmr: false, ws: false },
      resolve: { conditions: ['source'] },
      ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] }, noExternal: [/^@astroemu\//] },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
  }
  return viteServer.ssrLoadModule(name);
}

/** A seeded, untrained bundle of the same shape. */
async function untrainedBundle(model, tmp) {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  const { saveEmulator } = await importSource('@astroemu/emulator-core');
  const { LABEL_SPECS, logUniformWavelength } = await importSource('@astroemu/synth');
  const labels = LABEL_SPECS.map((s) => ({ ...s }));
  const training = {
    untrained: true,
    note: 'random initial weights made by apps/explorer/scripts/make-bundles.mjs --untrained',
    grid: { kind: 'synth:train', ...GRID },
  };
  let emulator;
  if (model === 'payne') {
    const { createPayne } = await importSource('@astroemu/payne');
    const wavelength = logUniformWavelength(GRID);
    emulator = createPayne({ preset: 'small', labels, wavelength, seed: GRID.seed, training });
  } else {
    const { createTransformerPayne } = await importSource('@astroemu/transformer-payne');
    emulator = createTransformerPayne({
      preset: 'small',
      labels,
      wavelengthRange: { min: GRID.lambdaMin, max: GRID.lambdaMax },
      seed: GRID.seed,
      training,
    });
  }
  const dir = join(tmp, model, 'bundle');
  await saveEmulator(dir, emulator, { overwrite: true });
  emulator.dispose();
  return dir;
}

const FILES = ['config.json', 'weights.safetensors', 'integrity.json', 'fingerprint.safetensors'];

async function main() {
  const tmp = await mkdtemp(join(tmpdir(), 'astroemu-bundles-'));
  const manifest = { formatVersion: '1.0', bundles: [] };
  try {
    for (const b of BUNDLES) {
      const src = untrained ? await untrainedBundle(b.model, tmp) : await trainBundle(b.model, tmp);
      const dest = join(outRoot, b.id);
      await rm(dest, { recursive: true, force: true });
      await mkdir(dest, { recursive: true });
      const present = new Set(await readdir(src));
      const files = FILES.filter((f) => present.has(f));
      let bytes = 0;
      for (const f of files) {
        await cp(join(src, f), join(dest, f));
        bytes += (await stat(join(dest, f))).size;
      }
      const config = JSON.parse(await readFile(join(dest, 'config.json'), 'utf8'));
      manifest.bundles.push({ id: b.id, title: b.title, kind: config.kind, trained: !untrained, files, bytes });
      console.log(`${b.id}: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB → ${dest}`);
    }
    await writeFile(join(outRoot, 'index.json'), JSON.stringify(manifest, null, 2) + '\n');
    console.log(`manifest → ${join(outRoot, 'index.json')}`);
  } finally {
    await viteServer?.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
