import { defineConfig } from 'vitest/config';

// This pass tests the plain wasm backend: initBackend's default would turn the native OpenBLAS accelerator on when it
// is built. scripts/test-native.mjs reruns the wasm tests with ASTROEMU_NATIVE_BLAS=1.
process.env.ASTROEMU_NATIVE_BLAS ??= '0';

// One run over every package: each package has its own vitest.config.ts (defineProject).
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
