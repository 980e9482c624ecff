// Compiles src/simd/fusedKernels.wat (WebAssembly text with SIMD) into src/simd/fusedKernelsWasm.ts, the module's
// bytes as base64 (scripts/watToTs.mjs at the repository root). Run by `npm run build`; `--check` exits 1 when the
// committed .ts does not match the .wat (a test runs it too).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { watToTs, writeGenerated } from '../../../scripts/watToTs.mjs';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'simd');

/** The .ts source holding the compiled module of the .wat text. */
export function compileFusedKernels() {
  return watToTs(join(dir, 'fusedKernels.wat'), {
    constName: 'FUSED_KERNELS_WASM_BASE64',
    description: 'The fused SIMD kernels',
    generator: 'scripts/buildSimd.mjs',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeGenerated(join(dir, 'fusedKernelsWasm.ts'), await compileFusedKernels(), {
    check: process.argv.includes('--check'),
    hint: 'run npm run build -w @astroemu/attention',
  });
}
