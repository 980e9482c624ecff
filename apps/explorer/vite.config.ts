import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

/** tfjs-backend-wasm's .wasm binaries, served (dev) and emitted (build) under tfjs-wasm/ next to the page. */
function tfjsWasmFiles(): Plugin {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  const names = readdirSync(dir).filter((f) => f.endsWith('.wasm'));
  return {
    name: 'astroemu-tfjs-wasm',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /\/tfjs-wasm\/([\w.-]+\.wasm)$/.exec(req.url?.split('?')[0] ?? '');
        if (!m || !names.includes(m[1]!)) return next();
        res.setHeader('Content-Type', 'application/wasm');
        res.end(readFileSync(join(dir, m[1]!)));
      });
    },
    generateBundle() {
      for (const name of names)
        this.emitFile({ type: 'asset', fileName: `tfjs-wasm/${name}`, source: readFileSync(join(dir, name)) });
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  // Workspace packages are bundled from their TypeScript source (export condition 'source').
  resolve: { conditions: ['source', ...defaultClientConditions] },
  plugins: [tfjsWasmFiles()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 6000, sourcemap: false },
});
