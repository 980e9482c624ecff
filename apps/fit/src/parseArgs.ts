import { BACKEND_NAMES } from '@astroemu/backend';
import { choiceArg } from '@astroemu/cli-args';

export { assignmentsArg, intArg, listArg, numberArg } from '@astroemu/cli-args';

/** Parser of `--backend`: one of @astroemu/backend's names. */
export const backendArg = choiceArg('--backend', BACKEND_NAMES);
