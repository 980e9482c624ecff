/** Arrays whose lengths or shapes do not fit together; options outside their range: the shared classes. */
export { DomainError, ShapeError } from '@astroemu/errors';
