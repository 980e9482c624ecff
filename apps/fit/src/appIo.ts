/** Where the app writes: the real process streams, or buffers in tests. */
export interface AppIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Show a live progress bar on stderr (default: when stderr is a TTY). */
  progress?: boolean;
}

export const processIo: AppIo = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};
