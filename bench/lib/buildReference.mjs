// Builds the training-step code of an earlier commit as a reference for bench/tp.bench.mjs ("today's code in the same
// run"): `git archive <commit>` of the packages that make a TransformerPayne training step (attention,
// transformer-payne, training) into bench/.ref-<commit>/node_modules/@astroemu/<name>, each built with tsup (no .d.ts).
// Other @astroemu packages and @tensorflow/tfjs resolve to the repository's own node_modules (one tfjs instance).
//   node bench/lib/buildReference.mjs [commit]   → prints the folder; cached: a second call only checks it
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** Commit of "today's code" for issue 17 (the last commit before the training speed-ups). */
export const REFERENCE_COMMIT = '4c13c2b';
const PACKAGES = ['attention', 'transformer-payne', 'training'];

export function buildReference(commit = REFERENCE_COMMIT) {
  const root = join(import.meta.dirname, '..', '..');
  const dir = join(root, 'bench', `.ref-${commit}`);
  const done = join(dir, 'node_modules', '@astroemu', 'training', 'dist', 'index.js');
  if (existsSync(done)) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  for (const name of PACKAGES) {
    const into = join(tmp, 'node_modules', '@astroemu', name);
    mkdirSync(into, { recursive: true });
    const tar = execFileSync('git', ['archive', '--format=tar', `${commit}:packages/${name}`], {
      cwd: root,
      maxBuffer: 256 << 20,
    });
    execFileSync('tar', ['-x', '-C', into], { input: tar });
    execFileSync(
      process.execPath,
      [join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js'), '--no-dts', '--silent'],
      { cwd: into, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

if (process.argv[1] === import.meta.filename) console.log(buildReference(process.argv[2]));
