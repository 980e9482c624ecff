/** Error raised by the .npy/.npz readers and writers: names the file, field, expected and got. */
export class NpyError extends Error {
  override readonly name = 'NpyError';
  constructor(message: string) {
    super(message);
  }
}
