/**
 * Base class of every typed error astroemu throws. Messages say who, what, expected and got, e.g.
 * "readSafetensors: tensor 'w' has data_offsets [0, 12] (12 bytes) but dtype F32 × shape [2, 2] needs 16 bytes".
 * `name` is the subclass's own name, so `err.name === 'ShapeError'` and `String(err)` read naturally.
 */
export class AstroemuError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
