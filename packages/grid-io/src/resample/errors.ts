/** Bad input to a resampling operator (names the function, argument, offending index and value): the shared class. */
export { DomainError } from '@astroemu/errors';
