export { AstroemuError } from './AstroemuError';
export { ShapeError } from './ShapeError';
export { DomainError } from './DomainError';
