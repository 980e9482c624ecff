#!/usr/bin/env node
// Benchmark runner: `npm run bench [-- --json FILE] [-- --only NAME[,NAME…]] [-- --quick]`.
// --quick is passed to every script (smaller sizes, fewer repeats: a smoke run of ≈ 8 minutes; figures not comparable
// with full runs, and floors are not checked).
// Runs every bench/*.bench.mjs in its own process (each imports the BUILT packages), collects the
// figures each prints on a line starting with `BENCH_JSON `, appends a dated section with machine info
// to docs/benchmarks.md, and with --json writes all figures to FILE. A script exits non-zero when a
// ratio falls below its recorded floor, or when a figure is more than 20 % below its floor in bench/floors.json;
// the runner then exits non-zero too.
import { spawnSync } from 'node:child_process';
import { appendFileSync, readdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1].split(',') : undefined;
const quick = args.includes('--quick');
const here = import.meta.dirname;
const root = join(here, '..');

const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => !only || only.some((o) => f.startsWith(o)))
  .sort();
const figures = {};
const sections = [];
let failed = false;
for (const script of scripts) {
  console.log(`\n== ${script}`);
  // plain wasm unless ASTROEMU_NATIVE_BLAS says otherwise (the floors were recorded so); fit.bench.mjs runs both
  const env = { ...process.env, ASTROEMU_NATIVE_BLAS: process.env.ASTROEMU_NATIVE_BLAS ?? '0' };
  const run = spawnSync(process.execPath, [join(here, script), ...(quick ? ['--quick'] : [])], {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  const lines = run.stdout.split('\n');
  for (const line of lines) {
    if (line.startsWith('BENCH_JSON ')) Object.assign(figures, JSON.parse(line.slice(11)));
    else if (line.trim()) console.log(line);
  }
  // table rows, with one blank line kept between consecutive tables of a script
  const table = lines
    .filter((l) => l.startsWith('|') || !l.trim())
    .join('\n')
    .replace(/\n{2,}/g, '\n\n')
    .trim();
  if (table) sections.push(`### ${script.replace('.bench.mjs', '')}\n\n${table}\n`);
  if (run.status !== 0) {
    failed = true;
    console.error(`${script} exited with ${run.status}`);
  }
}
// Regression floors (bench/floors.json): a figure more than 20 % below its floor fails the run.
const floorsFile = join(here, 'floors.json');
const floors = existsSync(floorsFile) ? JSON.parse(readFileSync(floorsFile, 'utf8')) : {};
const floorRows = [];
for (const [key, floor] of Object.entries(floors)) {
  if (quick || key.startsWith('_') || typeof floor !== 'number') continue;
  const value = figures[key];
  if (typeof value !== 'number') continue; // not measured in this run (--only, or null)
  const ok = value >= 0.8 * floor;
  floorRows.push(`| ${key} | ${value} | ${floor} | ${ok ? 'ok' : 'REGRESSION'} |`);
  if (!ok) {
    failed = true;
    console.error(`regression: ${key} = ${value} < 0.8 × floor ${floor}`);
  }
}
if (floorRows.length)
  sections.push(
    `### floors (bench/floors.json; fail below 80 %)\n\n| figure | value | floor | |\n|---|---:|---:|---|\n${floorRows.join('\n')}\n`,
  );
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const cpu = cpus()[0]?.model ?? 'unknown cpu';
const machine = `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const md = join(root, 'docs', 'benchmarks.md');
if (!existsSync(md)) writeFileSync(md, '# Benchmarks\n');
const cmd = `npm run bench${args.length ? ' -- ' + args.join(' ') : ''}`;
appendFileSync(
  md,
  `\n## ${new Date().toISOString().slice(0, 16)}Z — ${machine}\n\nCommand: \`${cmd}\` (load average at the end: ${load}; 2 cores shared, timings noisy: compare the ratios measured in the same run)\n\n${sections.join('\n')}\n`,
);
if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ machine, load_average: load, ...figures }, null, 2) + '\n');
console.log(`\nresults appended to docs/benchmarks.md${jsonFile ? ` and written to ${jsonFile}` : ''}`);
process.exit(failed ? 1 : 0);
