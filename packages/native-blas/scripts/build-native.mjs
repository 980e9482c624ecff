#!/usr/bin/env node
// Builds the optional native OpenBLAS accelerator (@astroemu/native-blas) when this machine can, and says in one line
// what happened. It never fails a machine that cannot build it (no libopenblas-dev, no compiler): everything then runs
// on plain wasm. CI sets ASTROEMU_REQUIRE_NATIVE=1, which turns a failed build into a failure.
//   astroemu-build-native            build if the addon is missing or older than its sources (npx, in a project
//                                    that installed @astroemu/native-blas; in the monorepo: npm test / npm run demo)
//   astroemu-build-native --force    rebuild (npm run build:native)
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
const ADDON = join(PACKAGE, 'build', 'Release', 'native_blas.node');
const SOURCES = ['binding.gyp', 'native/native_blas.c'].map((f) => join(PACKAGE, f));
const required = process.env.ASTROEMU_REQUIRE_NATIVE === '1';
const HINT = 'to build it: apt-get install libopenblas-dev g++ make, then npm run build:native';

const mtime = (f) => statSync(f).mtimeMs;
const upToDate = existsSync(ADDON) && SOURCES.every((f) => mtime(f) <= mtime(ADDON));
if (upToDate && !process.argv.includes('--force')) {
  console.log('native accelerator: built (OpenBLAS), up to date');
  process.exit(0);
}

// node-gyp comes with npm (npm puts it on the PATH of package scripts); its output is kept unless the build fails.
const build = spawnSync('npm', ['run', '--silent', 'build:native:gyp'], {
  cwd: PACKAGE,
  encoding: 'utf8',
});
const output = `${build.stdout ?? ''}\n${build.stderr ?? ''}`;
if (build.status === 0 && existsSync(ADDON)) {
  console.log(
    'native accelerator: built (OpenBLAS); initBackend uses it by default on wasm (ASTROEMU_NATIVE_BLAS=0 turns it off)',
  );
  process.exit(0);
}

/** The first line that says why (a missing header or library, a missing compiler), else the first error line. */
function reason(text) {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const why =
    lines.find((l) => /fatal error: .*No such file/.test(l)) ??
    lines.find((l) => /cannot find -l|not found|ENOENT/.test(l)) ??
    lines.find((l) => /error/i.test(l)) ??
    `exit status ${build.status ?? build.signal}`;
  return why.replace(/^.*fatal error: /, '');
}
const message = `native accelerator: not built (${reason(output)}); everything runs on plain wasm — ${HINT}`;
if (required) {
  console.error(output);
  console.error(`${message}\nASTROEMU_REQUIRE_NATIVE=1: a missing accelerator is a failure`);
  process.exit(1);
}
console.log(message);
