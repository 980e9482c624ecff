import { readFileSync } from 'node:fs';

// The tolerance and leak checks are The Payne's test helpers (the two grid emulators are tested the same way).
export { expectClose, expectNoLeak } from '../../payne/test/helpers';

export const fixturePath = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;
export const readJson = <T>(name: string): T => JSON.parse(readFileSync(fixturePath(name), 'utf8')) as T;
