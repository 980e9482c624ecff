import { AstroemuError } from '@astroemu/emulator-core';

/** Bad input to a posterior function: the message names the function, the field and what was expected. */
export class PosteriorError extends AstroemuError {}
