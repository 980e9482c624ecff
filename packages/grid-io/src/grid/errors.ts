/** Error raised by the grid readers and writers: names the file, field, expected and got. */
export class GridError extends Error {
  override readonly name = 'GridError';
  constructor(message: string) {
    super(message);
  }
}
