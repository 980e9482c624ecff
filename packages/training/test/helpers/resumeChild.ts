/**
 * Child process of the resume test: trains the shared run with a checkpoint after every step and prints
 * "step N" after each; the parent kills it (SIGKILL) part-way. Bundled by esbuild in the test, run with node.
 */
import * as tf from '@tensorflow/tfjs';
import { runResume } from './resumeRun';

await tf.setBackend('cpu');
const dir = process.argv[2]!;
await runResume(dir, async (e) => {
  if (e.type === 'step') process.stdout.write(`step ${e.step}\n`);
  // Slow the child down a little so that the parent's kill lands mid-run.
  if (e.type === 'checkpoint') await new Promise((r) => setTimeout(r, 20));
});
process.stdout.write('done\n');
