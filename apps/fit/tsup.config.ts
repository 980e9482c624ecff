import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/cli.ts', 'src/fitWorker.ts'],
  format: ['esm'],
  dts: false,
  clean: true,
  sourcemap: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
});
