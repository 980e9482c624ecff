#!/usr/bin/env node
// The optional native OpenBLAS accelerator (@astroemu/native-blas) must pass the same tests as the wasm path: this
// reruns the test files that compute on the wasm backend with ASTROEMU_NATIVE_BLAS=1 (initBackend and every
// predict-pool worker then route the wasm matMuls through OpenBLAS). `npm test` builds the addon first
// (npm run build:native); a missing addon fails, it is never skipped.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const PACKAGES = ['attention', 'conv-emulator', 'stellar-foundation', 'training', 'transformer-payne'].map((p) => `packages/${p}`);
const HINT = "apt-get install libopenblas-dev, then npm run build:native -w @astroemu/native-blas";

let loadError;
try {
  createRequire(import.meta.url)('../packages/native-blas/build/Release/native_blas.node');
} catch (e) {
  loadError = e instanceof Error ? e.message : String(e);
}
if (loadError !== undefined) {
  console.error(`test-native: the native OpenBLAS addon is not built (${loadError.split('\n')[0]}); ${HINT}`);
  process.exit(1);
}
console.log(`test-native: rerunning ${PACKAGES.join(', ')} with ASTROEMU_NATIVE_BLAS=1`);
const run = spawnSync('npx', ['vitest', 'run', ...PACKAGES], { stdio: 'inherit', env: { ...process.env, ASTROEMU_NATIVE_BLAS: '1', ASTROEMU_NATIVE_BLAS_THREADS: '1' } });
process.exit(run.status ?? 1);
