#!/usr/bin/env node
// Pick-and-choose install check: pack every workspace package with `npm pack`, install the tarballs
// into an empty temporary folder (as a user would from npm) and import each one there.
// Needs built dist/ folders (npm run build). Exits non-zero naming the package that fails.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const packages = readdirSync(join(root, 'packages'))
  .map((d) => join(root, 'packages', d))
  .filter((d) => existsSync(join(d, 'package.json')))
  .map((dir) => ({ dir, json: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter((p) => !p.json.private);

const work = mkdtempSync(join(tmpdir(), 'astroemu-pack-'));
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
try {
  const tarballs = [];
  for (const p of packages) {
    if (!existsSync(join(p.dir, 'dist', 'index.js'))) {
      throw new Error(`${p.json.name}: dist/index.js is missing; run 'npm run build' first`);
    }
    const out = npm(['pack', '--json', '--pack-destination', work], p.dir);
    const [info] = JSON.parse(out);
    const files = info.files.map((f) => f.path);
    for (const must of ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts']) {
      if (!files.includes(must)) throw new Error(`${p.json.name}: the tarball lacks ${must}`);
    }
    if (files.some((f) => f.startsWith('src/') || f.startsWith('test/'))) {
      throw new Error(`${p.json.name}: the tarball ships src/ or test/ (check "files")`);
    }
    tarballs.push(join(work, info.filename));
  }
  const app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-check', private: true, type: 'module' }));
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], app);
  for (const p of packages) {
    const script = `const m = await import(${JSON.stringify(p.json.name)}); if (Object.keys(m).length === 0) throw new Error('no exports');`;
    try {
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: app,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      throw new Error(`${p.json.name}: importing the installed tarball failed:\n${e.stderr ?? e}`);
    }
    console.log(`pack ok  ${p.json.name}@${p.json.version}`);
  }
  console.log(`check:pack: ${packages.length} packages packed, installed and imported`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
