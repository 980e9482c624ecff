// MAE vs CPU time of train-curve runs (scripts/train-curve.mjs writes <out>/curve.jsonl):
//   node scripts/plot-mae-cpu.mjs OUT_WITHOUT_EXT 'label=runs/long/x/curve.jsonl' ['label2=…']
// One line per run (validation MAE on a log axis vs the run's CPU seconds), written as OUT.svg and OUT.png.
import { readFileSync } from 'node:fs';
import { PLOT_CONFIG, VEGA_LITE_SCHEMA, writePlot } from '@astroemu/plots';

const [out, ...runs] = process.argv.slice(2);
if (!out || runs.length === 0) {
  console.error("usage: node scripts/plot-mae-cpu.mjs OUT_WITHOUT_EXT 'label=path/curve.jsonl' …");
  process.exit(2);
}
const values = runs.flatMap((arg) => {
  const at = arg.lastIndexOf('=');
  const [label, path] = [arg.slice(0, at), arg.slice(at + 1)];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((r) => typeof r.mae === 'number' && typeof r.cpu_s === 'number')
    .map((r) => ({ run: label, cpu: r.cpu_s, mae: r.mae }));
});
const spec = {
  $schema: VEGA_LITE_SCHEMA,
  config: PLOT_CONFIG,
  width: 640,
  height: 320,
  title: 'Validation MAE vs CPU time',
  data: { values },
  mark: { type: 'line', point: true },
  encoding: {
    x: { field: 'cpu', type: 'quantitative', title: 'CPU seconds (user + sys, all threads)' },
    y: { field: 'mae', type: 'quantitative', scale: { type: 'log' }, title: 'validation MAE' },
    color: { field: 'run', type: 'nominal', title: 'run' },
  },
};
const written = await writePlot(out, spec);
console.log(`${written.svg}\n${written.png}`);
