/** Bad input to a resampling operator: names the function, argument, offending index and value. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(message: string) {
    super(message);
  }
}
