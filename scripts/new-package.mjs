#!/usr/bin/env node
// Scaffold a package: node scripts/new-package.mjs <name> "<one-line description>" [dep@range ...]
// Writes packages/<name>/{package.json,tsconfig.json,tsup.config.ts,vitest.config.ts,README.md,src/index.ts}.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [name, description, ...deps] = process.argv.slice(2);
if (!name || !description) {
  console.error('usage: new-package.mjs <name> "<description>" [dep@range ...]');
  process.exit(2);
}
const dir = join('packages', name);
if (existsSync(dir)) {
  console.error(`${dir} exists already`);
  process.exit(1);
}
mkdirSync(join(dir, 'src'), { recursive: true });
mkdirSync(join(dir, 'test'), { recursive: true });
const dependencies = {};
for (const d of deps) {
  const at = d.lastIndexOf('@');
  const [pkg, range] = at > 0 ? [d.slice(0, at), d.slice(at + 1)] : [d, '*'];
  dependencies[pkg] = range;
}
const pkg = {
  name: `@astroemu/${name}`,
  version: '0.1.0',
  description,
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  exports: {
    '.': { source: './src/index.ts', types: './dist/index.d.ts', import: './dist/index.js' },
    './package.json': './package.json',
  },
  main: './dist/index.js',
  types: './dist/index.d.ts',
  files: ['dist', 'README.md'],
  engines: { node: '>=20' },
  scripts: { build: 'tsup', test: 'vitest run' },
  dependencies,
};
const w = (f, s) => writeFileSync(join(dir, f), s);
w('package.json', JSON.stringify(pkg, null, 2) + '\n');
w('tsconfig.json', JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src'] }, null, 2) + '\n');
w(
  'tsup.config.ts',
  `import { defineConfig } from 'tsup';\n\nexport default defineConfig({\n  entry: ['src/index.ts'],\n  format: ['esm'],\n  dts: true,\n  clean: true,\n  sourcemap: true,\n  target: 'node20',\n});\n`,
);
w(
  'vitest.config.ts',
  `import { defineProject } from 'vitest/config';\n\nexport default defineProject({\n  resolve: { conditions: ['source'] },\n  ssr: { resolve: { conditions: ['source'] } },\n  test: { name: '${name}', include: ['test/**/*.test.ts'], testTimeout: 120_000 },\n});\n`,
);
w('README.md', `# @astroemu/${name}\n\n${description}\n`);
w('src/index.ts', `export {};\n`);
console.log(`created ${dir}`);
