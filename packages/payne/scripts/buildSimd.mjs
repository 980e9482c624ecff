// Compiles src/simd/perPixelNetwork.wat (WebAssembly text with float64 SIMD) into src/simd/perPixelNetworkWasm.ts, the
// module's bytes as base64 (scripts/watToTs.mjs at the repository root). Run by `npm run build`; `--check` exits 1
// when the committed .ts does not match the .wat (a test runs it too).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { watToTs, writeGenerated } from '../../../scripts/watToTs.mjs';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'simd');

/** The .ts source holding the compiled module of the .wat text. */
export function compilePerPixelNetwork() {
  return watToTs(join(dir, 'perPixelNetwork.wat'), {
    constName: 'PER_PIXEL_NETWORK_WASM_BASE64',
    description: 'The per-pixel Payne network kernel',
    generator: 'scripts/buildSimd.mjs',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeGenerated(join(dir, 'perPixelNetworkWasm.ts'), await compilePerPixelNetwork(), {
    check: process.argv.includes('--check'),
    hint: 'run npm run build -w @astroemu/payne',
  });
}
