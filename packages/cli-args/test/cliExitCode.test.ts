import { Command } from 'commander';
import { expect, it } from 'vitest';
import { ArgumentError, cliExitCode } from '../src/index';

/** What a program run throws, and what cliExitCode makes of it. */
function outcome(run: () => void): { code: number; lines: string[] } {
  const lines: string[] = [];
  try {
    run();
  } catch (e) {
    return { code: cliExitCode('prog', e, (l) => lines.push(l)), lines };
  }
  throw new Error('the run did not throw');
}

function program(): Command {
  return new Command('prog')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .option('--n <n>');
}

it('commander help exits 0 and an unknown option 2, printing nothing more (commander printed it)', () => {
  expect(outcome(() => program().parse(['--help'], { from: 'user' }))).toEqual({ code: 0, lines: [] });
  expect(outcome(() => program().parse(['--bogus'], { from: 'user' }))).toEqual({ code: 2, lines: [] });
});

it('an ArgumentError exits 2 with "program: message"; anything else exits 1 with its stack', () => {
  expect(
    outcome(() => {
      throw new ArgumentError('--n', "must be a positive number; got 'x'");
    }),
  ).toEqual({ code: 2, lines: ["prog: Argument '--n': must be a positive number; got 'x'"] });
  const other = outcome(() => {
    throw new RangeError('boom');
  });
  expect(other.code).toBe(1);
  expect(other.lines).toHaveLength(1);
  expect(other.lines[0]).toMatch(/^prog: RangeError: boom\n\s+at /);
  expect(
    outcome(() => {
      throw { exitCode: 3, code: 'other' };
    }).code,
  ).toBe(1);
});
