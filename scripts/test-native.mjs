#!/usr/bin/env node
// The optional native OpenBLAS accelerator (@astroemu/native-blas) must pass the same tests as the wasm path: this
// reruns the test files that compute on the wasm backend with ASTROEMU_NATIVE_BLAS=1 (initBackend and every
// predict-pool worker then route the wasm matMuls through OpenBLAS). `npm test` builds the addon first when it can
// (packages/native-blas/scripts/build-native.mjs); where it could not be built this pass is skipped with one line,
// except under ASTROEMU_REQUIRE_NATIVE=1 (CI), where a missing addon fails.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const PACKAGES = ['attention', 'conv-emulator', 'stellar-foundation', 'training', 'transformer-payne'].map(
  (p) => `packages/${p}`,
);
const HINT = 'apt-get install libopenblas-dev g++ make, then npm run build:native';

let loadError;
try {
  createRequire(import.meta.url)('../packages/native-blas/build/Release/native_blas.node');
} catch (e) {
  loadError = e instanceof Error ? e.message : String(e);
}
if (loadError !== undefined) {
  const required = process.env.ASTROEMU_REQUIRE_NATIVE === '1';
  const line = `test-native: ${required ? 'FAILED' : 'skipped'}: the optional native OpenBLAS accelerator is not built (${loadError.split('\n')[0]}); ${HINT}`;
  if (required) {
    console.error(`${line} (ASTROEMU_REQUIRE_NATIVE=1)`);
    process.exit(1);
  }
  console.log(line);
  process.exit(0);
}
console.log(`test-native: rerunning ${PACKAGES.join(', ')} with ASTROEMU_NATIVE_BLAS=1`);
const run = spawnSync('npx', ['vitest', 'run', ...PACKAGES], {
  stdio: 'inherit',
  env: { ...process.env, ASTROEMU_NATIVE_BLAS: '1', ASTROEMU_NATIVE_BLAS_THREADS: '1' },
});
process.exit(run.status ?? 1);
