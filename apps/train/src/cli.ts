import { main } from './main';

// Ctrl-C once: finish the current step, write a checkpoint, report; twice: exit at once.
const controller = new AbortController();
process.once('SIGINT', () => {
  process.stderr.write('\nstopping after this step (Ctrl-C again to exit now)…\n');
  controller.abort();
  process.once('SIGINT', () => process.exit(130));
});
process.exitCode = await main(process.argv.slice(2), {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  signal: controller.signal,
});
