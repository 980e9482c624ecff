import { ArgumentError } from './ArgumentError';

/** Commander's own errors (help, version, unknown option, missing argument) carry an exit code and a 'commander.' code. */
function isCommanderError(e: unknown): e is { exitCode: number; code: string } {
  const x = e as { exitCode?: unknown; code?: unknown } | null;
  return (
    typeof x === 'object' && x !== null && typeof x.exitCode === 'number' && String(x.code).startsWith('commander.')
  );
}

/**
 * The exit status of a command-line program for what its run threw, the apps' one convention: commander's own
 * errors exit 0 (help, version) or 2 (it already printed the message); an ArgumentError prints `program: message`
 * and exits 2; anything else prints the stack and exits 1.
 */
export function cliExitCode(program: string, error: unknown, err: (line: string) => void): number {
  if (isCommanderError(error)) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof ArgumentError) {
    err(`${program}: ${error.message}`);
    return 2;
  }
  err(`${program}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
}
