import { AstroemuError } from './AstroemuError';

/** An array or tensor whose shape (rank, length or a dimension) is not the one expected. */
export class ShapeError extends AstroemuError {}
